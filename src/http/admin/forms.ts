import type { FastifyReply } from 'fastify';
import { ConflictError, RateLimitedError, ValidationError } from '../../domain/shared/errors.ts';
import type { FormState } from '../../views/admin/form.tsx';
import { httpStatusOf } from '../errors.ts';

/** Every string field of a posted form; the CSRF token is left out. */
export function formValues(body: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  if (typeof body !== 'object' || body === null) return values;
  for (const [name, value] of Object.entries(body)) {
    if (typeof value === 'string' && name !== '_csrf') values[name] = value;
  }
  return values;
}

/** Every value posted under `name`, for checkbox groups and multi-selects. */
export function formList(body: unknown, name: string): string[] {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/**
 * The form to show again after a refusal, with everything the user typed and each problem beside
 * its field; with the status to answer with. Errors a form cannot explain are thrown on, to the
 * error page (a 403 for a forbidden action, a 404 for something gone).
 */
export function refusedForm(error: unknown, values: Record<string, string>, reply: FastifyReply): FormState {
  if (error instanceof RateLimitedError) reply.header('retry-after', String(error.retryAfterSeconds));
  if (error instanceof ValidationError) {
    reply.code(httpStatusOf(error));
    return { values, fieldErrors: error.fields, formErrors: error.form };
  }
  if (error instanceof ConflictError || error instanceof RateLimitedError) {
    reply.code(httpStatusOf(error));
    return { values, fieldErrors: {}, formErrors: [error.message] };
  }
  throw error;
}

/** A local path to return to after signing in; anything else (another site, say) becomes the admin home. */
export function safeNext(next: string | undefined): string {
  return next && /^\/admin(?:[/?#]|$)/.test(next) && !next.startsWith('//') ? next : '/admin';
}
