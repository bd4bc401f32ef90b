import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { Config } from '../../config.ts';
import { resolveSession } from '../../domain/people/sessions.ts';
import type { StaffUser } from '../../domain/shared/model.ts';
import { actorOf, can, type StaffActor } from '../../domain/shared/policy.ts';
import type { Mailer } from '../../domain/people/mailer.ts';
import type { Deps } from '../../domain/store.ts';
import type { AdminContext } from '../../views/admin/context.ts';
import type { Assets } from '../assets.ts';
import { accountRoutes } from './account.ts';
import { articleRoutes } from './articles.ts';
import { commentRoutes } from './comments.ts';
import { spamRoutes } from './spam.ts';
import { pageRoutes } from './pages.ts';
import { revisionRoutes } from './revisions.ts';
import { settingsRoutes } from './settings.ts';
import { SignInRequiredError } from '../errors.ts';
import { SESSION_COOKIE, takeFlash } from './session.ts';
import { tagsRoutes } from './tags.ts';
import { usersRoutes } from './users.ts';
import { mediaRoutes } from './media.ts';
import { mediaPickerRoutes } from './media-picker.ts';
import type { MediaServices } from '../../domain/media/storage.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in staff member, resolved from the session cookie on every newsroom request. */
    staff: StaffUser | null;
    /** The signed-in staff member as use cases take them; throws SignInRequiredError when signed out. */
    actor(): StaffActor;
  }
  interface FastifyReply {
    /** The newsroom layout's shared data for this request, with a fresh CSRF token. */
    adminContext(): Promise<AdminContext>;
  }
}

export interface AdminOptions {
  readonly deps: Deps;
  readonly config: Config;
  readonly assets: Assets;
  /** Where reset links are mailed; null without a mail server in production (reset links are then shown to administrators only). */
  readonly mailer: Mailer | null;
  readonly media: MediaServices;
}

/** Whole articles travel in the editor's form. */
const ADMIN_BODY_LIMIT = 2 * 1024 * 1024;
/** Pages a user who must change their password may still open. */
const OPEN_WHILE_PASSWORD_MUST_CHANGE = ['/admin/account', '/admin/account/password', '/admin/sign-out'];

/** The newsroom at /admin: every route needs a session except the sign-in pages, and every form a CSRF token. */
export const adminRoutes: FastifyPluginAsync<AdminOptions> = async (app, { deps, config, assets, mailer, media }) => {
  app.decorateRequest('staff', null);
  app.decorateRequest('actor', function () {
    if (!this.staff) throw new SignInRequiredError();
    return actorOf(this.staff);
  });
  // Built once per request: a handler and the error page may both ask, and the CSRF token, the
  // flash message and the pending count must not be made or taken twice.
  const contextOfReply = new WeakMap<FastifyReply, Promise<AdminContext>>();
  app.decorateReply('adminContext', function (this: FastifyReply): Promise<AdminContext> {
    let context = contextOfReply.get(this);
    if (!context) contextOfReply.set(this, (context = buildAdminContext(this)));
    return context;
  });
  async function buildAdminContext(reply: FastifyReply): Promise<AdminContext> {
    const { request } = reply;
    const actor = request.staff ? actorOf(request.staff) : null;
    return {
      site: await request.siteSettings(),
      siteUrl: config.siteUrl,
      asset: (name) => assets.url(name),
      path: request.url.split('?')[0] ?? '/admin',
      now: deps.clock.now(),
      user: request.staff,
      actor,
      csrfToken: reply.generateCsrf(),
      pendingComments: actor && can(actor, 'comment.moderate') ? await deps.store.comments.countWithStatus('pending') : 0,
      flash: takeFlash(request, reply),
    };
  }

  app.addHook('onRoute', (route) => {
    route.bodyLimit ??= ADMIN_BODY_LIMIT;
  });
  app.addHook('onRequest', async (request, reply) => {
    // Newsroom pages are personal: no browser or proxy may keep a copy.
    reply.header('cache-control', 'no-store');
    request.staff = await resolveSession(deps, request.cookies[SESSION_COOKIE] ?? '');
    const path = request.url.split('?')[0] ?? '';
    if (request.staff?.mustChangePassword && !OPEN_WHILE_PASSWORD_MUST_CHANGE.includes(path)) {
      return reply.redirect('/admin/account', 303);
    }
  });
  // MUST run after the body is parsed: the token travels in the form's _csrf field (or the
  // x-csrf-token header for the editor's background requests).
  app.addHook('preHandler', (request, reply, done) => {
    if (request.method === 'GET' || request.method === 'HEAD') return done();
    app.csrfProtection(request, reply, done);
  });

  await app.register(accountRoutes, { deps, config, mailer });
  await app.register(tagsRoutes, { deps });
  await app.register(pageRoutes, { deps });
  await app.register(usersRoutes, { deps, config, mailer });
  await app.register(spamRoutes, { deps });
  await app.register(commentRoutes, { deps });
  await app.register(settingsRoutes, { deps, config });
  await app.register(articleRoutes, { deps });
  await app.register(revisionRoutes, { deps });
  await app.register(mediaRoutes, { deps, media });
  await app.register(mediaPickerRoutes, { deps });
};
