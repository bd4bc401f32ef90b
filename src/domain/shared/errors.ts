/**
 * The few ways a use case can refuse. Each has a stable `code`; `src/http/errors.ts` maps codes to
 * HTTP statuses and the CLI maps them to exit messages, so nothing downstream matches on message text.
 */
export abstract class DomainError extends Error {
  abstract readonly code: 'not_found' | 'invalid' | 'forbidden' | 'rate_limited' | 'conflict';
}

export class NotFoundError extends DomainError {
  readonly code = 'not_found';
  constructor(readonly what: string) {
    super(`${what} was not found`);
    this.name = 'NotFoundError';
  }
}

/**
 * Input that breaks a rule. `fields` maps a field name to the message shown beside it; `form`
 * holds problems that belong to no single field.
 */
export class ValidationError extends DomainError {
  readonly code = 'invalid';
  constructor(
    readonly fields: Readonly<Record<string, string>>,
    readonly form: readonly string[] = [],
  ) {
    super([...form, ...Object.entries(fields).map(([field, message]) => `${field}: ${message}`)].join('; '));
    this.name = 'ValidationError';
  }
}

export class ForbiddenError extends DomainError {
  readonly code = 'forbidden';
  constructor(message: string) {
    super(message);
    this.name = 'ForbiddenError';
  }
}

export class RateLimitedError extends DomainError {
  readonly code = 'rate_limited';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = 'RateLimitedError';
  }
}

export class ConflictError extends DomainError {
  readonly code = 'conflict';
  constructor(message: string) {
    super(message);
    this.name = 'ConflictError';
  }
}

/** Collects field problems so a form reports every one of them at once. */
export class Problems {
  private readonly fields: Record<string, string> = {};
  private readonly form: string[] = [];

  add(field: string, message: string): void {
    this.fields[field] ??= message;
  }

  addToForm(message: string): void {
    this.form.push(message);
  }

  throwIfAny(): void {
    if (Object.keys(this.fields).length > 0 || this.form.length > 0) throw new ValidationError(this.fields, this.form);
  }
}
