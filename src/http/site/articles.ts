import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { readArticle } from '../../domain/articles/articles.ts';
import { findInThread, submitComment } from '../../domain/comments/comments.ts';
import { DomainError, NotFoundError, RateLimitedError, ValidationError } from '../../domain/shared/errors.ts';
import { listRelatedArticles } from '../../domain/articles/related.ts';
import type { Deps } from '../../domain/store.ts';
import { ArticlePage, type CommentNotice } from '../../views/article.tsx';
import { EMPTY_COMMENT_FORM, type CommentFormState } from '../../views/comment-form.tsx';
import { paths } from '../../paths/site.ts';
import { httpStatusOf } from '../errors.ts';
import { idParam, textField } from './params.ts';

interface ArticleView {
  readonly form: CommentFormState;
  readonly replyToId: number | null;
  readonly notice: CommentNotice | undefined;
  readonly status: number;
}

type ArticleRequest = FastifyRequest<{ Params: { slug: string }; Querystring: Record<string, string | undefined> }>;

export const articleRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  async function renderArticle(request: ArticleRequest, reply: FastifyReply, view: ArticleView) {
    const reading = await readArticle(deps, { slug: request.params.slug });
    // A former slug: readers' old links and search engines go to the article's address for good.
    if (reading.kind === 'moved') return reply.redirect(`${paths.article(reading.slug)}${queryOf(request.url)}`, 301);
    const { article, comments, corrections } = reading;
    const replyTo = view.replyToId === null ? undefined : findInThread(comments, view.replyToId);
    const [ctx, related] = await Promise.all([request.pageContext(), listRelatedArticles(deps, { articleId: article.id })]);
    return reply.page(
      ArticlePage({ ctx, article, comments, corrections, related, form: view.form, replyTo, notice: view.notice }),
      view.status,
    );
  }

  app.get('/articles/:slug', async (request: ArticleRequest, reply) =>
    renderArticle(request, reply, {
      form: EMPTY_COMMENT_FORM,
      replyToId: idParam(request.query.reply),
      notice: noticeOf(request.query),
      status: 200,
    }),
  );

  app.post('/articles/:slug/comments', async (request: ArticleRequest, reply) => {
    const body = request.body;
    const values = {
      comment: textField(body, 'comment'),
      author: textField(body, 'author'),
      email: textField(body, 'email'),
      url: textField(body, 'url'),
    };
    const parentId = idParam(textField(body, 'parent'));
    try {
      const comment = await submitComment(deps, {
        articleSlug: request.params.slug,
        parentId,
        name: values.author,
        email: values.email,
        website: values.url,
        body: values.comment,
        honeypot: textField(body, 'fax'),
        clientAddress: request.ip,
        userAgent: request.headers['user-agent'] ?? '',
      });
      const target =
        comment.status === 'approved'
          ? `${paths.article(request.params.slug)}?comment=published&id=${comment.id}#comment-${comment.id}`
          : `${paths.article(request.params.slug)}?comment=pending#comment-notice`;
      // 303 so that reloading the next page never posts the comment twice.
      return reply.redirect(target, 303);
    } catch (error) {
      if (!(error instanceof DomainError) || error instanceof NotFoundError) throw error;
      if (error instanceof RateLimitedError) reply.header('retry-after', String(error.retryAfterSeconds));
      const form: CommentFormState = {
        values,
        fieldErrors: error instanceof ValidationError ? error.fields : {},
        formErrors: error instanceof ValidationError ? error.form : [error.message],
      };
      return renderArticle(request, reply, { form, replyToId: parentId, notice: undefined, status: httpStatusOf(error) });
    }
  });
};

/** The query string of a URL, with its `?`; empty when there is none. */
function queryOf(url: string): string {
  const start = url.indexOf('?');
  return start === -1 ? '' : url.slice(start);
}

function noticeOf(query: Record<string, string | undefined>): CommentNotice | undefined {
  if (query.comment === 'pending') return { kind: 'pending' };
  const commentId = idParam(query.id);
  if (query.comment === 'published' && commentId !== null) return { kind: 'published', commentId };
  return undefined;
}
