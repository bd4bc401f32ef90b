import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The header a proxy passes its own id in, and the app answers with the id it used. */
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * What an incoming id may be: a UUID, nginx's `$request_id` (32 hex digits), a cloud trace id
 * (`Root=1-…`). Bounded and without spaces, quotes or control characters, so it cannot forge or
 * break a log line or a header.
 */
const ACCEPTED_ID = /^[A-Za-z0-9._:=+/@-]{1,128}$/;

/**
 * A request's id (Fastify's genReqId): the proxy's, when it sent an acceptable one, so a request
 * can be followed from the proxy's log into the app's; otherwise a new random UUID. Every log line
 * about the request carries it as `reqId`, and the answer as X-Request-Id.
 */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && ACCEPTED_ID.test(given) ? given : randomUUID();
}
