import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { SitePage } from '../../domain/shared/model.ts';
import { deletePage, listPages, pageFieldsOf, readPageForEditing, savePage, type PageFields } from '../../domain/pages/pages.ts';
import type { StaffActor } from '../../domain/shared/policy.ts';
import type { Deps } from '../../domain/store.ts';
import { formState, type FormState } from '../../views/admin/form.tsx';
import { adminPagePaths, PageEditorPage, PageListPage } from '../../views/admin/pages.tsx';
import { refusedForm } from '../forms.ts';
import { setFlash } from './session.ts';
import { ButtonForm, IdParams, PageForm } from './schema.ts';
import type { Static } from 'typebox';

function pageFields(values: Static<typeof PageForm>): PageFields {
  return { title: values.title ?? '', slug: values.slug ?? '', body: values.body ?? '', status: values.status ?? '' };
}

/** The site's standalone pages at /admin/pages: list, write, edit and delete (editors and administrators). */
export const pageRoutes: FastifyPluginAsync<{ deps: Deps }> = async (plugin, { deps }) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  async function renderEditor(reply: FastifyReply, page: SitePage | null, state: FormState, status = 200): Promise<FastifyReply> {
    return reply.page(PageEditorPage({ admin: await reply.adminContext(), page, state }), status);
  }

  /** Saves the form; a refused one comes back as typed, each problem beside its field. */
  async function submit(
    request: FastifyRequest,
    reply: FastifyReply,
    input: { actor: StaffActor; pageId: number | null; form: Static<typeof PageForm> },
  ): Promise<FastifyReply> {
    const { actor, pageId } = input;
    const fields = pageFields(input.form);
    try {
      const page = await savePage(deps, { actor, pageId, fields });
      setFlash(request, reply, page.status === 'published' ? 'Page saved; it is on the site.' : 'Page saved as a draft.');
      return reply.redirect(adminPagePaths.edit(page.id), 303);
    } catch (error) {
      const state = refusedForm(error, { ...fields }, reply);
      const page = await readPageForEditing(deps, { actor, pageId });
      return renderEditor(reply, page, state, reply.statusCode);
    }
  }

  app.get('/pages', async (request, reply) => {
    const pages = await listPages(deps, { actor: request.actor() });
    return reply.page(PageListPage({ admin: await reply.adminContext(), pages }));
  });

  app.get('/pages/new', async (request, reply) => {
    const page = await readPageForEditing(deps, { actor: request.actor(), pageId: null });
    return renderEditor(reply, page, formState(pageFieldsOf(page)));
  });

  app.get('/pages/:id', { schema: { params: IdParams } }, async (request, reply) => {
    const page = await readPageForEditing(deps, { actor: request.actor(), pageId: Number(request.params.id) });
    return renderEditor(reply, page, formState(pageFieldsOf(page)));
  });

  app.post('/pages', { schema: { body: PageForm } }, async (request, reply) =>
    submit(request, reply, { actor: request.actor(), pageId: null, form: request.body }),
  );
  app.post('/pages/:id', { schema: { params: IdParams, body: PageForm } }, async (request, reply) =>
    submit(request, reply, { actor: request.actor(), pageId: Number(request.params.id), form: request.body }),
  );

  app.post('/pages/:id/delete', { schema: { params: IdParams, body: ButtonForm } }, async (request, reply) => {
    const page = await deletePage(deps, { actor: request.actor(), pageId: Number(request.params.id) });
    setFlash(request, reply, `Page “${page.title}” deleted.`);
    return reply.redirect(adminPagePaths.list(), 303);
  });
};
