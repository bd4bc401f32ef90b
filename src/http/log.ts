import type { FastifyRequest } from 'fastify';

/** Addresses whose last segment is a secret: a password-reset link, and the set-up link of the first administrator. */
const SECRET_PATH = /\/admin\/(reset|setup)\/[^/?#]*/gi;

/** A request's address as the log may show it: whoever reads the log must not be able to open a reset or set-up link. */
export function redactUrl(url: string): string {
  return url.replace(SECRET_PATH, (_match, page: string) => `/admin/${page}/[redacted]`);
}

/**
 * Fastify's request serializer (method, url, host, address, port, as by default) with the secret
 * part of the address redacted. Every log line that carries a request goes through it.
 */
export const logSerializers = {
  req(request: FastifyRequest) {
    return {
      method: request.method,
      url: redactUrl(request.url),
      host: request.host,
      remoteAddress: request.ip,
      remotePort: request.socket.remotePort,
    };
  },
};
