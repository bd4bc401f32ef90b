import type { FastifyReply, FastifyRequest } from 'fastify';
import { renderSignIn } from './account.ts';
import { formValues } from './forms.ts';

/**
 * Answers a newsroom request made without a valid session. A page asks for sign-in and comes back
 * after it. A form (the editor's, typically, after the session expired mid-edit) is handed to the
 * sign-in page, which keeps what was typed and gives it back to the editor once signed in.
 */
export async function signInRedirect(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const path = request.url;
  if (request.method === 'GET' || request.method === 'HEAD') {
    return reply.redirect(`/admin/sign-in?next=${encodeURIComponent(path)}`, 303);
  }
  if (!request.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) {
    return reply.code(401).send({ error: 'signed_out', message: 'Your session has ended. Sign in again; your text is kept.' });
  }
  const values = formValues(request.body);
  const stash = 'body' in values && 'headline' in values ? JSON.stringify(values) : undefined;
  const next = stash ? path : (request.headers.referer ?? '/admin');
  return renderSignIn(request, reply, {
    next: next.replace(/^https?:\/\/[^/]+/, ''),
    stash,
    notice: stash
      ? 'Your session ended before the article was saved. Sign in again: what you typed is kept and comes back in the editor.'
      : 'Your session has ended. Sign in again, then repeat what you were doing.',
    status: 401,
  });
}
