import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { Config } from '../../config.ts';
import { createStaffUser, listStaff, readStaffUser, updateStaffUser } from '../../domain/people/accounts.ts';
import type { Mailer } from '../../domain/people/mailer.ts';
import { issueResetLinkFor, mailResetLinkFor } from '../../domain/people/password-resets.ts';
import { ROLE_NAMES, type Role, type StaffUser } from '../../domain/shared/model.ts';
import type { StaffActor } from '../../domain/shared/policy.ts';
import type { Deps } from '../../domain/store.ts';
import { formState, type FormState } from '../../views/admin/form.tsx';
import { adminUserPath, ResetLinkPage, UserCreatedPage, UserEditPage, UsersPage } from '../../views/admin/users.tsx';
import { resetMailSite } from './account.ts';
import { refusedForm } from '../forms.ts';
import { isTicked } from './forms.ts';
import { setFlash } from './session.ts';
import { ButtonForm, IdParams, NewUserForm, UserForm } from './schema.ts';

function storedValues(user: StaffUser): Record<string, string> {
  return { role: user.role, ...(user.disabled ? { disabled: 'on' } : {}) };
}

/** Staff accounts at /admin/users, for administrators: list, add, change role or access, send a reset link. */
export const usersRoutes: FastifyPluginAsync<{ deps: Deps; config: Config; mailer: Mailer | null }> = async (
  plugin,
  { deps, config, mailer },
) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  async function renderList(reply: FastifyReply, actor: StaffActor, createState: FormState, status?: number): Promise<FastifyReply> {
    const users = await listStaff(deps, { actor });
    const admin = await reply.adminContext();
    return reply.page(UsersPage({ admin, users, createState }), status);
  }

  async function renderUser(
    reply: FastifyReply,
    actor: StaffActor,
    userId: number,
    refused: { state?: FormState; resetState?: FormState; status?: number } = {},
  ): Promise<FastifyReply> {
    const user = await readStaffUser(deps, { actor, userId });
    const admin = await reply.adminContext();
    return reply.page(
      UserEditPage({
        admin,
        user,
        state: refused.state ?? formState(storedValues(user)),
        resetState: refused.resetState ?? formState(),
        byMail: mailer !== null,
      }),
      refused.status,
    );
  }

  app.get('/users', async (request, reply) => {
    const actor = request.actor();
    return renderList(reply, actor, formState({ role: 'author' }));
  });

  app.post('/users', { schema: { body: NewUserForm } }, async (request, reply) => {
    const actor = request.actor();
    const values = request.body;
    const typed = { email: values.email ?? '', displayName: values.displayName ?? '', role: values.role ?? '' };
    try {
      const { user, generatedPassword } = await createStaffUser(deps, {
        actor,
        fields: { ...typed, role: typed.role as Role },
        ...(values.password ? { password: values.password } : {}),
      });
      if (generatedPassword !== undefined) {
        // Answered directly rather than redirected: the password then never travels in a URL or a cookie.
        const admin = await reply.adminContext();
        return reply.page(UserCreatedPage({ admin, user, password: generatedPassword }));
      }
      setFlash(
        request,
        reply,
        `${user.displayName} was added as ${ROLE_NAMES[user.role].toLowerCase()}. They can sign in with the password you chose.`,
      );
      return reply.redirect('/admin/users', 303);
    } catch (error) {
      const createState = refusedForm(error, typed, reply);
      return renderList(reply, actor, createState, reply.statusCode);
    }
  });

  app.get('/users/:id', { schema: { params: IdParams } }, async (request, reply) => {
    const actor = request.actor();
    return renderUser(reply, actor, Number(request.params.id));
  });

  app.post('/users/:id', { schema: { params: IdParams, body: UserForm } }, async (request, reply) => {
    const actor = request.actor();
    const userId = Number(request.params.id);
    const values = request.body;
    const disabled = isTicked(values.disabled);
    try {
      const user = await updateStaffUser(deps, { actor, userId, role: (values.role ?? '') as Role, disabled });
      setFlash(request, reply, `Changes to ${user.displayName}’s account saved.`);
      return reply.redirect(adminUserPath(user), 303);
    } catch (error) {
      const state = refusedForm(error, { role: values.role ?? '', ...(disabled ? { disabled: 'on' } : {}) }, reply);
      return renderUser(reply, actor, userId, { state, status: reply.statusCode });
    }
  });

  app.post('/users/:id/reset-link', { schema: { params: IdParams, body: ButtonForm } }, async (request, reply) => {
    const actor = request.actor();
    const userId = Number(request.params.id);
    try {
      const site = resetMailSite(config, await request.siteSettings());
      if (!mailer) {
        // No mail server: the link is shown to the administrator once, to pass on, and goes nowhere else.
        const { user, token } = await issueResetLinkFor(deps, { actor, userId });
        const admin = await reply.adminContext();
        return reply.header('cache-control', 'no-store').page(ResetLinkPage({ admin, user, link: site.resetUrl(token) }));
      }
      const user = await mailResetLinkFor({ ...deps, mailer }, { actor, userId, site });
      setFlash(request, reply, `A password reset link was sent to ${user.email}.`);
      return reply.redirect(adminUserPath(user), 303);
    } catch (error) {
      const resetState = refusedForm(error, {}, reply);
      return renderUser(reply, actor, userId, { resetState, status: reply.statusCode });
    }
  });
};
