import { DomainError } from '../domain/shared/errors.ts';

/** The one mapping from domain refusals to HTTP statuses. */
const STATUS: Record<DomainError['code'], number> = {
  not_found: 404,
  invalid: 422,
  forbidden: 403,
  rate_limited: 429,
  conflict: 409,
};

/** The status for any error: domain errors by code, Fastify's own 4xx as they are, the rest 500. */
export function httpStatusOf(error: unknown): number {
  if (error instanceof DomainError) return STATUS[error.code];
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) return statusCode;
  return 500;
}

/** A message fit for the reader: the domain's own words, a generic sentence for anything internal. */
export function publicMessageOf(error: unknown, status: number): string {
  if (error instanceof DomainError) return error.message;
  if (status === 413) return 'What you sent is too large.';
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('FST_CSRF')) {
    return 'This form could not be accepted: it has expired, or it was sent from another site. Go back, reload the page and send it again.';
  }
  if (status < 500) return 'The request was not understood. Please check the address or the form and try again.';
  return 'The problem has been logged. Please try again in a moment.';
}
