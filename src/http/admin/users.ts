import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';
import { createStaffUser, listStaff, readStaffUser, updateStaffUser } from '../../domain/accounts.ts';
import type { Mailer } from '../../domain/mailer.ts';
import { mailResetLinkFor } from '../../domain/password-resets.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { ROLE_NAMES, type Role, type StaffUser } from '../../domain/model.ts';
import type { Actor } from '../../domain/policy.ts';
import type { Deps } from '../../domain/store.ts';
import { formState, type FormState } from '../../views/admin/form.tsx';
import { adminUserPath, UserCreatedPage, UserEditPage, UsersPage } from '../../views/admin/users.tsx';
import { idParam } from '../site/params.ts';
import { resetMailSite } from './account.ts';
import { formValues, refusedForm } from './forms.ts';
import { setFlash } from './session.ts';

type UserRequest = FastifyRequest<{ Params: { id: string } }>;

function userIdOf(request: UserRequest): number {
  const id = idParam(request.params.id);
  if (id === null) throw new NotFoundError('The staff account');
  return id;
}

function storedValues(user: StaffUser): Record<string, string> {
  return { role: user.role, ...(user.disabled ? { disabled: 'on' } : {}) };
}

/** Staff accounts at /admin/users, for administrators: list, add, change role or access, send a reset link. */
export const usersRoutes: FastifyPluginAsync<{ deps: Deps; config: Config; mailer: Mailer }> = async (app, { deps, config, mailer }) => {
  async function renderList(reply: FastifyReply, actor: Actor, createState: FormState, status?: number): Promise<FastifyReply> {
    const users = await listStaff(deps, { actor });
    const admin = await reply.adminContext();
    return reply.page(UsersPage({ admin, users, createState }), status);
  }

  async function renderUser(
    reply: FastifyReply,
    actor: Actor,
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
      }),
      refused.status,
    );
  }

  app.get('/users', async (request, reply) => {
    const actor = request.actor();
    return renderList(reply, actor, formState({ role: 'author' }));
  });

  app.post('/users', async (request, reply) => {
    const actor = request.actor();
    const values = formValues(request.body);
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

  app.get('/users/:id', async (request: UserRequest, reply) => {
    const actor = request.actor();
    return renderUser(reply, actor, userIdOf(request));
  });

  app.post('/users/:id', async (request: UserRequest, reply) => {
    const actor = request.actor();
    const userId = userIdOf(request);
    const values = formValues(request.body);
    try {
      const user = await updateStaffUser(deps, { actor, userId, role: (values.role ?? '') as Role, disabled: values.disabled === 'on' });
      setFlash(request, reply, `Changes to ${user.displayName}’s account saved.`);
      return reply.redirect(adminUserPath(user), 303);
    } catch (error) {
      const state = refusedForm(error, { role: values.role ?? '', ...(values.disabled === 'on' ? { disabled: 'on' } : {}) }, reply);
      return renderUser(reply, actor, userId, { state, status: reply.statusCode });
    }
  });

  app.post('/users/:id/reset-link', async (request: UserRequest, reply) => {
    const actor = request.actor();
    const userId = userIdOf(request);
    try {
      const site = resetMailSite(config, await request.siteSettings());
      const user = await mailResetLinkFor({ ...deps, mailer }, { actor, userId, site });
      setFlash(request, reply, `A password reset link was sent to ${user.email}.`);
      return reply.redirect(adminUserPath(user), 303);
    } catch (error) {
      const resetState = refusedForm(error, {}, reply);
      return renderUser(reply, actor, userId, { resetState, status: reply.statusCode });
    }
  });
};
