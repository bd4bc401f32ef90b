import { Type, type Static } from 'typebox';
import { PageQuery } from '../params.ts';

/**
 * The reader site's request schemas, checked by Fastify's own validator before a handler runs; the
 * same objects can describe the routes in OpenAPI. Values stay text, as addresses and forms carry
 * them: a handler turns them into the use case's typed input. An address or query string that
 * breaks its schema names nothing, and is answered 404 (see http/errors.ts).
 */

/**
 * The front page's query: its page, and the numbers by which the old WordPress site linked a post,
 * a page or an attachment (`/?p=123`), which the not-found path redirects.
 */
export const HomeQuery = Type.Object({
  page: PageQuery.properties.page,
  p: Type.Optional(Type.String()),
  page_id: Type.Optional(Type.String()),
  attachment_id: Type.Optional(Type.String()),
});
export type HomeQuery = Static<typeof HomeQuery>;

/** An article, tag, author or page by the slug in its address. */
export const SlugParams = Type.Object({ slug: Type.String({ minLength: 1 }) });

/** The article page's query: a reply being written, and the notice after a comment was sent. */
export const ArticleQuery = Type.Object({
  /** The comment being replied to; a malformed one is ignored, as a stale link may carry it. */
  reply: Type.Optional(Type.String()),
  comment: Type.Optional(Type.String()),
  id: Type.Optional(Type.String()),
  /** A comment's permalink: the page of threads holding it is shown. */
  c: Type.Optional(Type.String()),
  /** The page of comment threads: an alias, answered with a redirect to its `comment-page-N` address. */
  page: PageQuery.properties.page,
  /** WordPress's reply link (`?replytocom=ID#respond`), which imported pages and old links carry: the same as `reply`. */
  replytocom: Type.Optional(Type.String()),
});
export type ArticleQuery = Static<typeof ArticleQuery>;

/** A page of an article's comments at WordPress's address, `/articles/:slug/comment-page-N`. */
export const CommentPageParams = Type.Object({ slug: SlugParams.properties.slug, page: Type.String({ pattern: '^[1-9]\\d{0,6}$' }) });

/** The reader's comment form. The field names are the form's; FORM_FIELDS.comment maps them to the use case's. */
export const CommentForm = Type.Object({
  comment: Type.Optional(Type.String()),
  author: Type.Optional(Type.String()),
  email: Type.Optional(Type.String()),
  url: Type.Optional(Type.String()),
  /** The comment replied to, when the reader answers one. */
  parent: Type.Optional(Type.String()),
  /** The honeypot: a field people never see. */
  fax: Type.Optional(Type.String()),
  /** The signed time the form was rendered at (spam/form-token.ts). */
  form_token: Type.Optional(Type.String({ maxLength: 200 })),
});
export type CommentForm = Static<typeof CommentForm>;

/** `/search?q=…&tag=…&author=…&from=…&to=…&page=N`: every field optional, every value answered. */
export const SearchQuery = Type.Object({
  q: Type.Optional(Type.String()),
  tag: Type.Optional(Type.String()),
  author: Type.Optional(Type.String()),
  from: Type.Optional(Type.String()),
  to: Type.Optional(Type.String()),
  page: PageQuery.properties.page,
});

/** A child sitemap's page number, as its address carries it. */
export const SitemapParams = Type.Object({ page: Type.String({ pattern: '^\\d{1,6}$' }) });
