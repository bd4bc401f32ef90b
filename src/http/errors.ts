import { DomainError } from '../domain/shared/errors.ts';

/**
 * What the app does after an error: show the error page, take the not-found path (where old
 * addresses are redirected), or ask the person to sign in (the newsroom's pages).
 */
export type ErrorOutcome = 'error-page' | 'not-found' | 'sign-in';

/** How one error is answered. The codes are listed in docs/errors.md; they are stable and never reused. */
export interface ErrorAnswer {
  readonly code: string;
  readonly status: number;
  /** Words fit for the reader: the domain's own, or a fixed sentence that gives nothing internal away. */
  readonly message: string;
  readonly outcome: ErrorOutcome;
  /** Only what nobody expected is logged, with its stack. */
  readonly log: boolean;
}

const NOT_UNDERSTOOD = 'The request was not understood. Please check the address or the form and try again.';
const TOO_LARGE = 'What you sent is too large.';
const CSRF =
  'This form could not be accepted: it has expired, or it was sent from another site. Go back, reload the page and send it again.';
const SIGN_IN = 'Your session has ended. Sign in again.';
const ONE_PICTURE = 'The form sent more than it holds. Upload one picture at a time.';
const INTERNAL = 'The problem has been logged. Please try again in a moment.';

/** Domain refusals, by their code. */
const DOMAIN: Readonly<Record<DomainError['code'], { status: number; outcome: ErrorOutcome }>> = {
  not_found: { status: 404, outcome: 'not-found' },
  invalid: { status: 422, outcome: 'error-page' },
  forbidden: { status: 403, outcome: 'error-page' },
  rate_limited: { status: 429, outcome: 'error-page' },
  conflict: { status: 409, outcome: 'error-page' },
};

/** The errors of the HTTP layer, Fastify's and its plugins' among them, by their code. */
const HTTP: Readonly<Record<string, Omit<ErrorAnswer, 'code' | 'log'>>> = {
  signed_out: { status: 401, message: SIGN_IN, outcome: 'sign-in' },
  FST_CSRF_MISSING_SECRET: { status: 403, message: CSRF, outcome: 'error-page' },
  FST_CSRF_INVALID_TOKEN: { status: 403, message: CSRF, outcome: 'error-page' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, message: TOO_LARGE, outcome: 'error-page' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, message: NOT_UNDERSTOOD, outcome: 'error-page' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, message: NOT_UNDERSTOOD, outcome: 'error-page' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, message: NOT_UNDERSTOOD, outcome: 'error-page' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, message: NOT_UNDERSTOOD, outcome: 'error-page' },
  FST_ERR_VALIDATION: { status: 400, message: NOT_UNDERSTOOD, outcome: 'error-page' },
  // The media library's upload (@fastify/multipart): more parts than its one file and token, or a broken body.
  FST_PARTS_LIMIT: { status: 413, message: ONE_PICTURE, outcome: 'error-page' },
  FST_FILES_LIMIT: { status: 413, message: ONE_PICTURE, outcome: 'error-page' },
  FST_FIELDS_LIMIT: { status: 413, message: ONE_PICTURE, outcome: 'error-page' },
  FST_PROTO_VIOLATION: { status: 400, message: NOT_UNDERSTOOD, outcome: 'error-page' },
  FST_MP_PREMATURE_CLOSE: { status: 400, message: NOT_UNDERSTOOD, outcome: 'error-page' },
};

/** Thrown when a newsroom request needs a signed-in staff member and has none. */
export class SignInRequiredError extends Error {
  readonly code = 'signed_out';
  constructor() {
    super('sign-in required');
    this.name = 'SignInRequiredError';
  }
}

/**
 * The one map from errors to answers. Domain refusals keep their own words. A request whose address
 * or query string breaks its route's schema names nothing here (`/articles/x/comments/abc`,
 * `?page=abc`), so it takes the not-found path as any unknown address does; a body that breaks it is
 * not understood. Any other error of Fastify's with a 4xx status is answered as it is, and
 * everything else is a 500 that says nothing of its cause and is logged.
 */
export function answerFor(error: unknown): ErrorAnswer {
  if (error instanceof DomainError) return { code: error.code, ...DOMAIN[error.code], message: error.message, log: false };
  const { code, statusCode, validationContext } = (error ?? {}) as { code?: unknown; statusCode?: unknown; validationContext?: unknown };
  if (code === 'FST_ERR_VALIDATION' && (validationContext === 'params' || validationContext === 'querystring')) {
    return { code, status: 404, message: 'The page was not found', outcome: 'not-found', log: false };
  }
  const known = typeof code === 'string' ? HTTP[code] : undefined;
  if (known) return { code: code as string, ...known, log: false };
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    const message = statusCode === 413 ? TOO_LARGE : NOT_UNDERSTOOD;
    const outcome = statusCode === 404 ? 'not-found' : 'error-page';
    return { code: typeof code === 'string' ? code : 'http_error', status: statusCode, message, outcome, log: false };
  }
  return { code: 'internal', status: 500, message: INTERNAL, outcome: 'error-page', log: true };
}
