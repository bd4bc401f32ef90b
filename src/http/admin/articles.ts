import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
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
import { findPictureChoice } from '../../domain/articles/featured-picture.ts';
import type { DeliveredPicture } from '../../domain/media/delivery.ts';
import { ValidationError } from '../../domain/shared/errors.ts';
import { BODY_FORMATS, type Article } from '../../domain/shared/model.ts';
import { browseNewsroomArticles, type NewsroomFilters } from '../../domain/articles/newsroom.ts';
import type { StaffActor } from '../../domain/shared/policy.ts';
import { addCorrection } from '../../domain/articles/revisions.ts';
import type { Deps } from '../../domain/store.ts';
import { suggestTags } from '../../domain/tags/tags.ts';
import { articlePaths } from '../../paths/newsroom-articles.ts';
import { ArticleListPage } from '../../views/admin/articles.tsx';
import type { SiteSettings } from '../../domain/site/site-settings.ts';
import { listInsertablePictures } from '../../domain/articles/body-pictures.ts';
import { EditorPage } from '../../views/admin/editor.tsx';
import { formState, type FormState } from '../../views/admin/form.tsx';
import { ArticlePage } from '../../views/article.tsx';
import { EMPTY_COMMENT_FORM } from '../../views/comment-form.tsx';
import { formatDateTime } from '../../views/format.ts';
import { pageOf } from '../params.ts';
import { refusedForm } from '../forms.ts';
import { draftOf, editorFieldsOf, editorFormValues } from './editor-form.ts';
import {
  ArticleListQuery,
  AutosaveBody,
  BodyPreview,
  ButtonForm,
  CorrectionForm,
  EditorForm,
  IdParams,
  TagSuggestionsQuery,
} from './schema.ts';
import { setFlash } from './session.ts';

const FLASH: Readonly<Record<SaveIntent, (article: Article, site: SiteSettings) => string>> = {
  draft: () => 'Draft saved.',
  publish: () => 'Published: the article is on the site.',
  schedule: (article, site) => `Scheduled for ${formatDateTime(site, article.publishedAt!)}.`,
  update: (article) => (article.status === 'scheduled' ? 'Saved; the article stays scheduled.' : 'Updated on the site.'),
  unpublish: () => 'Unpublished: the article is a draft again.',
};

function filtersOf(query: Static<typeof ArticleListQuery>): NewsroomFilters {
  const text = (value: string | undefined) => (value ?? '').trim();
  return { q: text(query.q), status: text(query.status), author: text(query.author), tag: text(query.tag) };
}

/** The newsroom's articles: the list at /admin, the editor, previews, tag suggestions, autosave, corrections. */
export const articleRoutes: FastifyPluginAsync<{ deps: Deps }> = async (plugin, { deps }) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  async function renderEditor(
    reply: FastifyReply,
    actor: StaffActor,
    articleId: number | null,
    refused: { state?: FormState; correction?: FormState; conflict?: EditConflict } = {},
  ): Promise<FastifyReply> {
    const admin = await reply.adminContext();
    const typed = refused.state?.values;
    const [view, insertable] = await Promise.all([
      readArticleForEditing(deps, { actor, articleId, restoreAutosave: !typed }),
      listInsertablePictures(deps, { actor }),
    ]);
    const values = editorFormValues(view, admin.site.timeZone, typed);
    const state = refused.state ? { ...refused.state, values } : formState(values);
    const pictures = await withChosenPicture(actor, view.pictures, values.imageId);
    return reply.page(
      EditorPage({
        admin,
        view: { ...view, pictures },
        state,
        correction: refused.correction,
        conflict: refused.conflict,
        insertable,
      }),
      refused.state || refused.correction ? reply.statusCode : 200,
    );
  }

  /** The panel's pictures and the one the form names (typed, or kept by autosave), found in the whole library. */
  async function withChosenPicture(actor: StaffActor, pictures: readonly DeliveredPicture[], typedId: string) {
    const id = Number(typedId);
    if (!typedId || !Number.isSafeInteger(id) || pictures.some((picture) => picture.id === id)) return pictures;
    const chosen = await findPictureChoice(deps, { actor, id });
    return chosen ? [chosen, ...pictures] : pictures;
  }

  /** Saves the editor's form, or shows the preview it asked for; a refused form comes back as typed. */
  async function submitEditor(
    request: FastifyRequest,
    reply: FastifyReply,
    input: { articleId: number | null; form: Static<typeof EditorForm> },
  ): Promise<FastifyReply> {
    const { articleId, form } = input;
    const actor = request.actor();
    const values = editorFieldsOf(form);
    const site = await request.siteSettings();
    const { timeZone } = site;
    const draft = draftOf(form, timeZone);
    if (form.intent === 'preview') {
      const article = await previewArticle(deps, { actor, articleId, draft });
      return reply.page(ArticlePage({ ctx: await request.pageContext(), article, comments: [], form: EMPTY_COMMENT_FORM, preview: true }));
    }
    const intent = SAVE_INTENTS.find((candidate) => candidate === form.intent);
    try {
      if (!intent) throw new ValidationError({}, ['Use one of the buttons under the form to save the article.']);
      const article = await saveArticle(deps, { actor, articleId, draft, intent, timeZone });
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

  app.get('/', { schema: { querystring: ArticleListQuery } }, async (request, reply) => {
    const actor = request.actor();
    const filters = filtersOf(request.query);
    const { articles, bylines } = await browseNewsroomArticles(deps, { actor, page: pageOf(request.query), filters });
    return reply.page(ArticleListPage({ admin: await reply.adminContext(), articles, bylines, filters }));
  });

  app.get('/articles/new', async (request, reply) => renderEditor(reply, request.actor(), null));
  app.get('/articles/:id', { schema: { params: IdParams } }, async (request, reply) =>
    renderEditor(reply, request.actor(), Number(request.params.id)),
  );
  app.post('/articles', { schema: { body: EditorForm } }, async (request, reply) =>
    submitEditor(request, reply, { articleId: null, form: request.body }),
  );
  app.post('/articles/:id', { schema: { params: IdParams, body: EditorForm } }, async (request, reply) =>
    submitEditor(request, reply, { articleId: Number(request.params.id), form: request.body }),
  );

  app.get('/articles/:id/preview', { schema: { params: IdParams } }, async (request, reply) => {
    const article = await readArticlePreview(deps, { actor: request.actor(), articleId: Number(request.params.id) });
    return reply.page(ArticlePage({ ctx: await request.pageContext(), article, comments: [], form: EMPTY_COMMENT_FORM, preview: true }));
  });

  app.post('/articles/preview', { schema: BodyPreview }, async (request, reply) => {
    const actor = request.actor();
    const body = request.body.body ?? '';
    const format = BODY_FORMATS.find((candidate) => candidate === request.query.format) ?? 'markdown';
    return reply.send({ html: await renderBodyPreview(deps, { actor, body, format }) });
  });

  app.get('/articles/tag-suggestions', { schema: { querystring: TagSuggestionsQuery } }, async (request, reply) => {
    const actor = request.actor();
    const query = request.query.q ?? '';
    return reply.send(await suggestTags(deps, { actor, query }));
  });

  app.post('/articles/autosave', { schema: { body: AutosaveBody } }, async (request, reply) => {
    const actor = request.actor();
    const { articleId, fields } = request.body;
    const id = articleId === undefined || articleId === null ? null : Number(articleId);
    await autosaveArticle(deps, { actor, articleId: id, fields: editorFieldsOf(fields) });
    return reply.code(204).send();
  });

  app.post('/articles/new/autosave/discard', { schema: { body: ButtonForm } }, async (request, reply) => {
    await discardAutosave(deps, { actor: request.actor(), articleId: null });
    setFlash(request, reply, 'Unsaved changes discarded.');
    return reply.redirect(articlePaths.new(), 303);
  });

  app.post('/articles/:id/autosave/discard', { schema: { params: IdParams, body: ButtonForm } }, async (request, reply) => {
    const articleId = Number(request.params.id);
    await discardAutosave(deps, { actor: request.actor(), articleId });
    setFlash(request, reply, 'Unsaved changes discarded; the form shows the saved version.');
    return reply.redirect(articlePaths.edit(articleId), 303);
  });

  app.post('/articles/:id/corrections', { schema: { params: IdParams, body: CorrectionForm } }, async (request, reply) => {
    const actor = request.actor();
    const articleId = Number(request.params.id);
    const values = { correction: request.body.correction ?? '' };
    try {
      await addCorrection(deps, { actor, articleId, correction: values.correction });
      setFlash(request, reply, 'Correction added; readers see it under the article.');
      return reply.redirect(articlePaths.edit(articleId), 303);
    } catch (error) {
      return renderEditor(reply, actor, articleId, { correction: refusedForm(error, values, reply) });
    }
  });
};
