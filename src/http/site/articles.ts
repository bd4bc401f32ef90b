import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { readArticle } from '../../domain/articles/articles.ts';
import { commentingClosesAt, findInThread, submitComment } from '../../domain/comments/comments.ts';
import { issueCommentFormToken, issueFreshCommentFormToken } from '../../domain/comments/spam/form-token.ts';
import { listRelatedArticles } from '../../domain/articles/related.ts';
import type { Deps } from '../../domain/store.ts';
import { ArticlePage, type CommentNotice } from '../../views/article.tsx';
import { EMPTY_COMMENT_FORM, type CommentFormState } from '../../views/comment-form.tsx';
import { paths } from '../../paths/site.ts';
import { FORM_FIELDS, refusedForm } from '../forms.ts';
import { idParam, pageOf } from '../params.ts';

import { articlePageKeys } from '../page-cache/page-keys.ts';
import { ArticleQuery, CommentForm, CommentPageParams, SlugParams } from './schema.ts';

interface ArticleView {
  /** The page of comment threads asked for, and the comment whose page to show without one. */
  readonly commentsPage?: number | undefined;
  readonly commentId?: number | null;
  readonly form: CommentFormState;
  readonly replyToId: number | null;
  readonly notice: CommentNotice | undefined;
  readonly status: number;
}

export const articleRoutes: FastifyPluginAsync<{ deps: Deps }> = async (plugin, { deps }) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>();

  async function renderArticle(request: FastifyRequest, reply: FastifyReply, slug: string, view: ArticleView) {
    const paging = await request.siteSettings();
    const reading = await readArticle(deps, { slug, paging, commentsPage: view.commentsPage, commentId: view.commentId ?? view.replyToId });
    // A former slug: readers' old links and search engines go to the article's address for good.
    if (reading.kind === 'moved') {
      return reply.redirect(`${paths.commentPage(reading.slug, view.commentsPage ?? 1)}${queryOf(request.url)}`, 301);
    }
    const { article, comments, commentPage, corrections } = reading;
    const replyTo = view.replyToId === null ? undefined : findInThread(comments, view.replyToId);
    const [ctx, related, formToken] = await Promise.all([
      request.pageContext(),
      listRelatedArticles(deps, { article }),
      issueCommentFormToken(deps, { articleSlug: article.slug }),
    ]);
    // The comment form goes when the article's comments close, with no change in the database.
    void reply.cacheable(articlePageKeys(article, related), { until: commentingClosesAt(article, ctx.site, ctx.now) });
    return reply.page(
      ArticlePage({ ctx, article, comments, commentPage, corrections, related, form: view.form, formToken, replyTo, notice: view.notice }),
      view.status,
    );
  }

  /** The article's page as a GET shows it: the comment page asked for, or the one holding a linked comment. */
  const readerView = (query: ArticleQuery, commentsPage: number | undefined): ArticleView => ({
    commentsPage,
    commentId: idParam(query.c) ?? (query.comment === 'published' ? idParam(query.id) : null),
    form: EMPTY_COMMENT_FORM,
    replyToId: idParam(query.reply ?? query.replytocom),
    notice: noticeOf(query),
    status: 200,
  });

  app.get('/articles/:slug', { schema: { params: SlugParams, querystring: ArticleQuery } }, async (request, reply) => {
    // One address per page of comments: `?page=N` is an alias of `/comment-page-N`.
    if (request.query.page !== undefined) {
      const rest = queryOf(request.url, ['page']);
      return reply.redirect(`${paths.commentPage(request.params.slug, pageOf(request.query))}${rest}`, 301);
    }
    return renderArticle(request, reply, request.params.slug, readerView(request.query, undefined));
  });

  // WordPress's address of a page of comments, which imported articles' links keep using. The first
  // page's address is the article's own.
  app.get(
    '/articles/:slug/comment-page-:page',
    { schema: { params: CommentPageParams, querystring: ArticleQuery } },
    async (request, reply) => {
      const page = Number(request.params.page);
      if (page === 1) return reply.redirect(`${paths.commentPage(request.params.slug, 1)}${queryOf(request.url, ['page'])}`, 301);
      return renderArticle(request, reply, request.params.slug, readerView(request.query, page));
    },
  );

  // The page script asks for a fresh token when the reader starts typing: a cached copy of the page
  // carries the time the cache rendered it. Never stored by a browser or a shared cache.
  app.get('/articles/:slug/comment-token', { schema: { params: SlugParams } }, async (request, reply) => {
    const token = await issueFreshCommentFormToken(deps, { articleSlug: request.params.slug });
    return reply.header('cache-control', 'no-store').send({ token });
  });

  app.post('/articles/:slug/comments', { schema: { params: SlugParams, body: CommentForm } }, async (request, reply) => {
    const { body } = request;
    const values = { comment: body.comment ?? '', author: body.author ?? '', email: body.email ?? '', url: body.url ?? '' };
    const parentId = idParam(body.parent);
    try {
      const comment = await submitComment(deps, {
        articleSlug: request.params.slug,
        parentId,
        name: values.author,
        email: values.email,
        website: values.url,
        body: values.comment,
        honeypot: body.fax ?? '',
        clientAddress: request.ip,
        userAgent: request.headers['user-agent'] ?? '',
        formToken: body.form_token ?? '',
      });
      const target =
        comment.status === 'approved'
          ? `${paths.article(request.params.slug)}?comment=published&id=${comment.id}#comment-${comment.id}`
          : `${paths.article(request.params.slug)}?comment=pending#comment-notice`;
      // 303 so that reloading the next page never posts the comment twice.
      return reply.redirect(target, 303);
    } catch (error) {
      const form = refusedForm(error, values, reply, { fields: FORM_FIELDS.comment, forbiddenOnForm: true });
      return renderArticle(request, reply, request.params.slug, { form, replyToId: parentId, notice: undefined, status: reply.statusCode });
    }
  });
};

/** The query string of a URL, with its `?`, less the parameters named in `without`; empty when nothing is left. */
function queryOf(url: string, without: readonly string[] = []): string {
  const start = url.indexOf('?');
  if (start === -1) return '';
  if (without.length === 0) return url.slice(start);
  const params = new URLSearchParams(url.slice(start));
  for (const name of without) params.delete(name);
  const rest = params.toString();
  return rest ? `?${rest}` : '';
}

function noticeOf(query: { comment?: string; id?: string }): CommentNotice | undefined {
  if (query.comment === 'pending') return { kind: 'pending' };
  const commentId = idParam(query.id);
  if (query.comment === 'published' && commentId !== null) return { kind: 'published', commentId };
  return undefined;
}
