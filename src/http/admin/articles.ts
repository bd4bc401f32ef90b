import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { discardAutosave } from '../../domain/articles/autosave.ts';
import { EditConflictError, type EditConflict } from '../../domain/articles/edit-conflict.ts';
import {
  autosaveArticle,
  previewArticle,
  readArticleForEditing,
  readArticlePreview,
  renderBodyPreview,
  saveArticle,
  SAVE_INTENTS,
  type SaveIntent,
} from '../../domain/articles/editor.ts';
import { NotFoundError, ValidationError } from '../../domain/shared/errors.ts';
import { BODY_FORMATS, type Article } from '../../domain/shared/model.ts';
import { browseNewsroomArticles, type NewsroomFilters } from '../../domain/articles/newsroom.ts';
import type { StaffActor } from '../../domain/shared/policy.ts';
import { addCorrection } from '../../domain/articles/revisions.ts';
import type { Deps } from '../../domain/store.ts';
import { suggestTags } from '../../domain/tags/tags.ts';
import { articlePaths } from '../../paths/newsroom-articles.ts';
import { ArticleListPage } from '../../views/admin/articles.tsx';
import type { SiteSettings } from '../../domain/site/site-settings.ts';
import { EditorPage } from '../../views/admin/editor.tsx';
import type { FormState } from '../../views/admin/form.tsx';
import { ArticlePage } from '../../views/article.tsx';
import { EMPTY_COMMENT_FORM } from '../../views/comment-form.tsx';
import { formatDateTime } from '../../views/format.ts';
import { idParam, pageParam } from '../site/params.ts';
import { formValues, refusedForm } from './forms.ts';
import { setFlash } from './session.ts';

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

/** The `:id` of an article path; anything but a positive integer names no article. */
export function articleIdOf(request: IdRequest): number {
  const id = idParam(request.params.id);
  if (id === null) throw new NotFoundError('The article');
  return id;
}

const FLASH: Readonly<Record<SaveIntent, (article: Article, site: SiteSettings) => string>> = {
  draft: () => 'Draft saved.',
  publish: () => 'Published: the article is on the site.',
  schedule: (article, site) => `Scheduled for ${formatDateTime(site, article.publishedAt!)}.`,
  update: (article) => (article.status === 'scheduled' ? 'Saved; the article stays scheduled.' : 'Updated on the site.'),
  unpublish: () => 'Unpublished: the article is a draft again.',
};

/** The article an autosave is for: null for a new one, undefined when the id is malformed. */
function autosaveTarget(raw: unknown): number | null | undefined {
  if (raw === null || raw === undefined) return null;
  return typeof raw === 'number' || typeof raw === 'string' ? (idParam(String(raw)) ?? undefined) : undefined;
}

function filtersOf(query: Record<string, unknown>): NewsroomFilters {
  const text = (name: string) => (typeof query[name] === 'string' ? query[name].trim() : '');
  return { q: text('q'), status: text('status'), author: text('author'), tag: text('tag') };
}

/** The newsroom's articles: the list at /admin, the editor, previews, tag suggestions, autosave, corrections. */
export const articleRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  async function renderEditor(
    reply: FastifyReply,
    actor: StaffActor,
    articleId: number | null,
    refused: { state?: FormState; correction?: FormState; conflict?: EditConflict } = {},
  ): Promise<FastifyReply> {
    const admin = await reply.adminContext();
    const typed = refused.state?.values;
    const view = await readArticleForEditing(deps, { actor, articleId, timeZone: admin.site.timeZone, ...(typed ? { typed } : {}) });
    const state = refused.state ? { ...refused.state, values: view.fields } : undefined;
    return reply.page(
      EditorPage({ admin, view, state, correction: refused.correction, conflict: refused.conflict }),
      refused.state || refused.correction ? reply.statusCode : 200,
    );
  }

  /** Saves the editor's form, or shows the preview it asked for; a refused form comes back as typed. */
  async function submitEditor(request: FastifyRequest, reply: FastifyReply, articleId: number | null): Promise<FastifyReply> {
    const actor = request.actor();
    const values = formValues(request.body);
    const site = await request.siteSettings();
    const { timeZone } = site;
    if (values.intent === 'preview') {
      const article = await previewArticle(deps, { actor, articleId, fields: values, timeZone });
      return reply.page(ArticlePage({ ctx: await request.pageContext(), article, comments: [], form: EMPTY_COMMENT_FORM, preview: true }));
    }
    const intent = SAVE_INTENTS.find((candidate) => candidate === values.intent);
    try {
      if (!intent) throw new ValidationError({}, ['Use one of the buttons under the form to save the article.']);
      const article = await saveArticle(deps, { actor, articleId, fields: values, intent, timeZone });
      setFlash(request, reply, FLASH[intent](article, site));
      return reply.redirect(articlePaths.edit(article.id), 303);
    } catch (error) {
      if (!(error instanceof EditConflictError)) return renderEditor(reply, actor, articleId, { state: refusedForm(error, values, reply) });
      // The text comes back over the latest revision: saving it again replaces that one, knowingly.
      const { conflict } = error;
      const typed = { ...values, baseRevision: String(conflict.latestRevisionId) };
      return renderEditor(reply, actor, articleId, { state: refusedForm(error, typed, reply), conflict });
    }
  }

  app.get('/', async (request: FastifyRequest<{ Querystring: Record<string, unknown> }>, reply) => {
    const actor = request.actor();
    const filters = filtersOf(request.query);
    const { articles, bylines } = await browseNewsroomArticles(deps, { actor, page: pageParam(request.query), filters });
    return reply.page(ArticleListPage({ admin: await reply.adminContext(), articles, bylines, filters }));
  });

  app.get('/articles/new', async (request, reply) => renderEditor(reply, request.actor(), null));
  app.get('/articles/:id', async (request: IdRequest, reply) => renderEditor(reply, request.actor(), articleIdOf(request)));
  app.post('/articles', async (request, reply) => submitEditor(request, reply, null));
  app.post('/articles/:id', async (request: IdRequest, reply) => submitEditor(request, reply, articleIdOf(request)));

  app.get('/articles/:id/preview', async (request: IdRequest, reply) => {
    const article = await readArticlePreview(deps, { actor: request.actor(), articleId: articleIdOf(request) });
    return reply.page(ArticlePage({ ctx: await request.pageContext(), article, comments: [], form: EMPTY_COMMENT_FORM, preview: true }));
  });

  app.post('/articles/preview', async (request: FastifyRequest<{ Body: { body?: unknown }; Querystring: { format?: unknown } }>, reply) => {
    const actor = request.actor();
    const body = typeof request.body?.body === 'string' ? request.body.body : '';
    const format = BODY_FORMATS.find((candidate) => candidate === request.query.format) ?? 'markdown';
    return reply.send({ html: renderBodyPreview({ actor, body, format }) });
  });

  app.get('/articles/tag-suggestions', async (request: FastifyRequest<{ Querystring: { q?: unknown } }>, reply) => {
    const actor = request.actor();
    const query = typeof request.query.q === 'string' ? request.query.q : '';
    return reply.send(await suggestTags(deps, { actor, query }));
  });

  app.post('/articles/autosave', async (request: FastifyRequest<{ Body: { articleId?: unknown; fields?: unknown } }>, reply) => {
    const actor = request.actor();
    const { articleId, fields } = request.body ?? {};
    const id = autosaveTarget(articleId);
    if (id === undefined || typeof fields !== 'object' || fields === null) {
      return reply.code(400).send({ error: 'bad_request', message: 'Send {articleId, fields}.' });
    }
    await autosaveArticle(deps, { actor, articleId: id, fields: formValues(fields) });
    return reply.code(204).send();
  });

  app.post('/articles/new/autosave/discard', async (request, reply) => {
    await discardAutosave(deps, { actor: request.actor(), articleId: null });
    setFlash(request, reply, 'Unsaved changes discarded.');
    return reply.redirect(articlePaths.new(), 303);
  });

  app.post('/articles/:id/autosave/discard', async (request: IdRequest, reply) => {
    const articleId = articleIdOf(request);
    await discardAutosave(deps, { actor: request.actor(), articleId });
    setFlash(request, reply, 'Unsaved changes discarded; the form shows the saved version.');
    return reply.redirect(articlePaths.edit(articleId), 303);
  });

  app.post('/articles/:id/corrections', async (request: IdRequest, reply) => {
    const actor = request.actor();
    const articleId = articleIdOf(request);
    const values = formValues(request.body);
    try {
      await addCorrection(deps, { actor, articleId, correction: values.correction ?? '' });
      setFlash(request, reply, 'Correction added; readers see it under the article.');
      return reply.redirect(articlePaths.edit(articleId), 303);
    } catch (error) {
      return renderEditor(reply, actor, articleId, { correction: refusedForm(error, values, reply) });
    }
  });
};
