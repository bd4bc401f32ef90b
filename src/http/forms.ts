import type { FastifyReply } from 'fastify';
import { ConflictError, ForbiddenError, RateLimitedError, ValidationError } from '../domain/shared/errors.ts';
import { answerFor } from './errors.ts';

/** A use case's input names, each to the name of the form field its problems are shown beside. */
export type FieldMap = Readonly<Record<string, string>>;

/**
 * The one map from use cases' input names to forms' field names, for the forms whose names differ.
 * A use case reports a problem under its own input's name (`body`); the form shows it beside its
 * field (`comment`). A use case missing here names its inputs as its forms do.
 */
export const FORM_FIELDS = {
  /** The reader's comment form, and the newsroom's forms that edit a comment or reply to one. */
  comment: { body: 'comment', name: 'author', email: 'email', website: 'url' },
} as const satisfies Record<string, FieldMap>;

/** What a refused form shows again: what was typed, each problem beside its field, the rest above it. */
export interface RefusedForm<Values> {
  readonly values: Values;
  readonly fieldErrors: Readonly<Record<string, string>>;
  readonly formErrors: readonly string[];
}

export interface RefusalOptions {
  /** Where the use case's field names are shown, when they differ from the form's. */
  readonly fields?: FieldMap;
  /**
   * Whether a forbidden action is explained on the form itself. The reader's comment form says so
   * (comments closed); a newsroom form leaves a refused permission to the error page.
   */
  readonly forbiddenOnForm?: boolean;
}

/**
 * The one refusal mapper for reader and newsroom forms: the form to show again after a use case
 * refused it, with the status (from the error map) set on the reply, and Retry-After for a rate
 * limit. Errors a form cannot explain are thrown on, to the error page (a 404 for something gone).
 */
export function refusedForm<Values>(
  error: unknown,
  values: Values,
  reply: FastifyReply,
  options: RefusalOptions = {},
): RefusedForm<Values> {
  if (error instanceof RateLimitedError) reply.header('retry-after', String(error.retryAfterSeconds));
  if (error instanceof ValidationError) {
    reply.code(answerFor(error).status);
    return { values, fieldErrors: formFieldsOf(error.fields, options.fields), formErrors: error.form };
  }
  if (error instanceof ConflictError || error instanceof RateLimitedError || (options.forbiddenOnForm && error instanceof ForbiddenError)) {
    reply.code(answerFor(error).status);
    return { values, fieldErrors: {}, formErrors: [error.message] };
  }
  throw error;
}

function formFieldsOf(problems: Readonly<Record<string, string>>, map: FieldMap | undefined): Record<string, string> {
  if (!map) return { ...problems };
  return Object.fromEntries(Object.entries(problems).map(([field, message]) => [map[field] ?? field, message]));
}
