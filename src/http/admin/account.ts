import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';
import { checkSetupToken, completeSetup } from '../../domain/people/accounts.ts';
import { ACCOUNT_MESSAGES, SESSION_DAYS } from '../../domain/people/credentials.ts';
import type { Mailer } from '../../domain/people/mailer.ts';
import { checkResetToken, mailPasswordReset, resetPassword, type ResetMailSite } from '../../domain/people/password-resets.ts';
import { changePassword, signIn, signOut } from '../../domain/people/sessions.ts';
import { saveAutosave } from '../../domain/articles/autosave.ts';
import { actorOf } from '../../domain/shared/policy.ts';
import type { Deps } from '../../domain/store.ts';
import { AccountPage, ForgotPage, ResetPage, SetupPage, SignInPage } from '../../views/admin/account.tsx';
import { formState } from '../../views/admin/form.tsx';
import { refusedForm } from '../forms.ts';
import { safeNext } from './forms.ts';
import { ButtonForm, ForgotForm, PasswordForm, ResetForm, SetupForm, SignInForm, SignInQuery, TokenParams } from './schema.ts';
import { clearSessionCookie, SESSION_COOKIE, setFlash, setSessionCookie } from './session.ts';
import { paths } from '../../paths/site.ts';

export async function renderSignIn(
  request: FastifyRequest,
  reply: FastifyReply,
  view: { next: string; stash?: string | undefined; notice?: string | undefined; status: number; values?: Record<string, string> },
): Promise<FastifyReply> {
  const admin = await reply.adminContext();
  return reply.page(
    SignInPage({ admin, state: formState(view.values), next: safeNext(view.next), stash: view.stash, notice: view.notice }),
    view.status,
  );
}

/** How reset mail names the site and links back to it. */
export function resetMailSite(config: Config, site: { readonly title: string }): ResetMailSite {
  return { title: site.title, resetUrl: (token) => `${config.siteUrl}${paths.passwordReset(token)}` };
}

/** The editor whose text a stash holds, from the path the editor's form was posted to. */
function stashedArticleId(next: string): number | null | undefined {
  if (next === '/admin/articles') return null;
  const match = /^\/admin\/articles\/(new|\d+)(?:[/?]|$)/.exec(next);
  if (!match) return undefined;
  return match[1] === 'new' ? null : Number(match[1]);
}

/** `mailer` is null where reset links cannot be mailed: self-service reset is then off (see README, NODE_ENV). */
/**
 * The editor's fields a stash holds, or null for a stash that is not the JSON object of strings the
 * sign-in page wrote (edited by hand, or cut short): signing in then simply goes on to `next`.
 */
function stashedFields(stash: string): Record<string, string> | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stash);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const entries = Object.entries(parsed);
  return entries.every(([, value]) => typeof value === 'string') ? Object.fromEntries(entries as Array<[string, string]>) : null;
}

export const accountRoutes: FastifyPluginAsync<{ deps: Deps; config: Config; mailer: Mailer | null }> = async (
  plugin,
  { deps, config, mailer },
) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/sign-in', { schema: { querystring: SignInQuery } }, async (request, reply) => {
    if (request.staff) return reply.redirect(safeNext(request.query.next), 303);
    return renderSignIn(request, reply, { next: request.query.next ?? '/admin', status: 200 });
  });

  app.post('/sign-in', { schema: { body: SignInForm } }, async (request, reply) => {
    const values = request.body;
    const next = safeNext(values.next);
    try {
      const { user, sessionToken } = await signIn(deps, {
        email: values.email ?? '',
        password: values.password ?? '',
        clientAddress: request.ip,
        userAgent: request.headers['user-agent'] ?? '',
      });
      setSessionCookie(request, reply, sessionToken, SESSION_DAYS);
      const fields = values.stash ? stashedFields(values.stash) : null;
      const articleId = fields ? stashedArticleId(next) : undefined;
      if (fields && articleId !== undefined) {
        await saveAutosave(deps, { actor: actorOf(user), articleId, fields });
        return reply.redirect(articleId === null ? '/admin/articles/new' : `/admin/articles/${articleId}`, 303);
      }
      return reply.redirect(next, 303);
    } catch (error) {
      const state = refusedForm(error, { email: values.email ?? '' }, reply);
      const admin = await reply.adminContext();
      return reply.page(SignInPage({ admin, state, next, stash: values.stash }), reply.statusCode);
    }
  });

  app.post('/sign-out', { schema: { body: ButtonForm } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await signOut(deps, token);
    clearSessionCookie(request, reply);
    return reply.redirect('/admin/sign-in', 303);
  });

  app.get('/setup/:token', { schema: { params: TokenParams } }, async (request, reply) => {
    await checkSetupToken(deps, request.params.token);
    const admin = await reply.adminContext();
    return reply.page(SetupPage({ admin, state: formState(), token: request.params.token }));
  });

  app.post('/setup/:token', { schema: { params: TokenParams, body: SetupForm } }, async (request, reply) => {
    const values = request.body;
    try {
      const { sessionToken } = await completeSetup(deps, {
        token: request.params.token,
        fields: { email: values.email ?? '', displayName: values.displayName ?? '' },
        password: values.password ?? '',
        userAgent: request.headers['user-agent'] ?? '',
      });
      setSessionCookie(request, reply, sessionToken, SESSION_DAYS);
      setFlash(request, reply, 'Welcome to the newsroom. Add your colleagues under Staff.');
      return reply.redirect('/admin', 303);
    } catch (error) {
      const state = refusedForm(error, { email: values.email ?? '', displayName: values.displayName ?? '' }, reply);
      const admin = await reply.adminContext();
      return reply.page(SetupPage({ admin, state, token: request.params.token }), reply.statusCode);
    }
  });

  const byMail = mailer !== null;

  app.get('/forgot', async (_request, reply) => {
    const admin = await reply.adminContext();
    return reply.page(ForgotPage({ admin, state: formState(), sent: false, byMail }));
  });

  app.post('/forgot', { schema: { body: ForgotForm } }, async (request, reply) => {
    const email = request.body.email ?? '';
    const admin = await reply.adminContext();
    if (!mailer) return reply.page(ForgotPage({ admin, state: formState({ email }), sent: false, byMail }), 403);
    try {
      const site = resetMailSite(config, admin.site);
      await mailPasswordReset({ ...deps, mailer }, { email, clientAddress: request.ip, site });
    } catch (error) {
      const state = refusedForm(error, { email }, reply);
      return reply.page(ForgotPage({ admin, state, sent: false, byMail }), reply.statusCode);
    }
    // The same answer for every address, so the form cannot be used to find out who has an account.
    return reply.page(ForgotPage({ admin, state: formState({ email }), sent: true, byMail }));
  });

  /** A spent or expired link leads to the form that sends a new one, saying why. */
  async function expiredResetLink(reply: FastifyReply) {
    const admin = await reply.adminContext();
    const state = { values: {}, fieldErrors: {}, formErrors: [ACCOUNT_MESSAGES.resetExpired] };
    return reply.page(ForgotPage({ admin, state, sent: false, byMail }), 410);
  }

  app.get('/reset/:token', { schema: { params: TokenParams } }, async (request, reply) => {
    const user = await checkResetToken(deps, request.params.token);
    if (!user) return expiredResetLink(reply);
    const admin = await reply.adminContext();
    return reply.page(ResetPage({ admin, state: formState(), token: request.params.token, email: user.email }));
  });

  app.post('/reset/:token', { schema: { params: TokenParams, body: ResetForm } }, async (request, reply) => {
    const values = request.body;
    const user = await checkResetToken(deps, request.params.token);
    if (!user) return expiredResetLink(reply);
    try {
      const { sessionToken } = await resetPassword(deps, {
        token: request.params.token,
        newPassword: values.newPassword ?? '',
        userAgent: request.headers['user-agent'] ?? '',
      });
      setSessionCookie(request, reply, sessionToken, SESSION_DAYS);
      setFlash(request, reply, 'Your password is set, and you are signed in.');
      return reply.redirect('/admin', 303);
    } catch (error) {
      const state = refusedForm(error, {}, reply);
      const admin = await reply.adminContext();
      return reply.page(ResetPage({ admin, state, token: request.params.token, email: user.email }), reply.statusCode);
    }
  });

  app.get('/account', async (request, reply) => {
    request.actor();
    const admin = await reply.adminContext();
    return reply.page(AccountPage({ admin, state: formState() }));
  });

  app.post('/account/password', { schema: { body: PasswordForm } }, async (request, reply) => {
    const actor = request.actor();
    const values = request.body;
    try {
      await changePassword(deps, {
        actor,
        currentPassword: values.currentPassword ?? '',
        newPassword: values.newPassword ?? '',
        sessionToken: request.cookies[SESSION_COOKIE] ?? '',
      });
      setFlash(request, reply, 'Your password is changed. Your other sessions were signed out.');
      return reply.redirect('/admin', 303);
    } catch (error) {
      const state = refusedForm(error, {}, reply);
      const admin = await reply.adminContext();
      return reply.page(AccountPage({ admin, state }), reply.statusCode);
    }
  });
};
