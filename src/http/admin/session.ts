import type { FastifyReply, FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'broadsheet_session';
export const FLASH_COOKIE = 'broadsheet_flash';
/** The signed CSRF secret of the newsroom's forms (@fastify/csrf-protection). */
export const CSRF_COOKIE = 'broadsheet_csrf';

/** Cookie options for the newsroom: never readable by scripts, never sent by other sites' forms. */
export function cookieOptions(request: FastifyRequest, maxAgeSeconds?: number) {
  return {
    path: '/admin',
    httpOnly: true,
    sameSite: 'lax' as const,
    // Behind a trusted HTTPS proxy (TRUST_PROXY) request.protocol is https, and the cookie is Secure.
    secure: request.protocol === 'https',
    ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : {}),
  };
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, days: number): void {
  reply.setCookie(SESSION_COOKIE, token, cookieOptions(request, days * 86_400));
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, cookieOptions(request));
}

/** A one-line confirmation shown on the next admin page ("Article saved."), after a redirect. */
export function setFlash(request: FastifyRequest, reply: FastifyReply, message: string): void {
  reply.setCookie(FLASH_COOKIE, encodeURIComponent(message), cookieOptions(request, 60));
}

/** Reads and clears the flash message. */
export function takeFlash(request: FastifyRequest, reply: FastifyReply): string | undefined {
  const raw = request.cookies[FLASH_COOKIE];
  if (raw === undefined) return undefined;
  reply.clearCookie(FLASH_COOKIE, cookieOptions(request));
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}
