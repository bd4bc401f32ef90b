import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError } from '../../domain/shared/errors.ts';
import type { SitePage } from '../../domain/shared/model.ts';
import { deletePage, listPages, pageFieldsOf, readPageForEditing, savePage, type PageFields } from '../../domain/pages/pages.ts';
import type { Actor } from '../../domain/shared/policy.ts';
import type { Deps } from '../../domain/store.ts';
import { formState, type FormState } from '../../views/admin/form.tsx';
import { adminPagePaths, PageEditorPage, PageListPage } from '../../views/admin/pages.tsx';
import { idParam } from '../site/params.ts';
import { formValues, refusedForm } from './forms.ts';
import { setFlash } from './session.ts';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

function pageIdOf(request: IdRequest): number {
  const id = idParam(request.params.id);
  if (id === null) throw new NotFoundError('The page');
  return id;
}

function pageFields(values: Record<string, string>): PageFields {
  return { title: values.title ?? '', slug: values.slug ?? '', body: values.body ?? '', status: values.status ?? '' };
}

/** The site's standalone pages at /admin/pages: list, write, edit and delete (editors and administrators). */
export const pageRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  async function renderEditor(reply: FastifyReply, page: SitePage | null, state: FormState, status = 200): Promise<FastifyReply> {
    return reply.page(PageEditorPage({ admin: await reply.adminContext(), page, state }), status);
  }

  /** Saves the form; a refused one comes back as typed, each problem beside its field. */
  async function submit(request: FastifyRequest, reply: FastifyReply, actor: Actor, pageId: number | null): Promise<FastifyReply> {
    const fields = pageFields(formValues(request.body));
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

  app.get('/pages/:id', async (request: IdRequest, reply) => {
    const page = await readPageForEditing(deps, { actor: request.actor(), pageId: pageIdOf(request) });
    return renderEditor(reply, page, formState(pageFieldsOf(page)));
  });

  app.post('/pages', async (request, reply) => submit(request, reply, request.actor(), null));
  app.post('/pages/:id', async (request: IdRequest, reply) => submit(request, reply, request.actor(), pageIdOf(request)));

  app.post('/pages/:id/delete', async (request: IdRequest, reply) => {
    const page = await deletePage(deps, { actor: request.actor(), pageId: pageIdOf(request) });
    setFlash(request, reply, `Page “${page.title}” deleted.`);
    return reply.redirect(adminPagePaths.list(), 303);
  });
};
