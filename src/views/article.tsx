import type { CommentNode } from '../domain/comments/comments.ts';
import { isCommentingOpen, MAX_COMMENT_DEPTH } from '../domain/comments/comments.ts';
import type { Article, Correction, PublishedComment, TagRef } from '../domain/shared/model.ts';
import { linkableAddress } from '../domain/shared/web-address.ts';
import type { SiteSettings } from '../domain/site/site-settings.ts';
import { kickerOf } from './article-list.tsx';
import { articleTrail, Breadcrumb } from './breadcrumb.tsx';
import { CommentForm, type CommentFormState } from './comment-form.tsx';
import { CorrectionsBox } from './corrections.tsx';
import type { PageContext } from './context.ts';
import { formatDateTime, formatShortDateTime, plural } from './format.ts';
import { Layout } from './layout.tsx';
import { articleMeta, describeArticle, type PageMeta } from './metadata.tsx';
import { paths } from '../paths/site.ts';
import { RelatedArticles } from './related.tsx';
import { keptBeside, keptHtmlStore } from './kept-html.ts';
import type { RelatedArticle } from '../domain/articles/repository.ts';
import type { CommentPage } from '../domain/articles/articles.ts';
import { ARTICLE_SIZES, PictureFigure } from './picture.tsx';

/** What the reader is told after posting, carried through the redirect. */
export type CommentNotice = { readonly kind: 'pending' } | { readonly kind: 'published'; readonly commentId: number };

export interface ArticlePageProps {
  readonly ctx: PageContext;
  readonly article: Article;
  readonly comments: readonly CommentNode[];
  /** Which page of the comment threads `comments` is; absent, they are all there are. */
  readonly commentPage?: CommentPage | undefined;
  readonly form: CommentFormState;
  /** The comment form's signed render time; absent in the newsroom's preview, which no reader posts from. */
  readonly formToken?: string;
  readonly replyTo?: PublishedComment | undefined;
  readonly notice?: CommentNotice | undefined;
  readonly corrections?: readonly Correction[];
  /** The newsroom's look at an unpublished version: marked, and kept out of search engines. */
  readonly preview?: boolean;
  /** Stories sharing its tags, listed at its foot. */
  readonly related?: readonly RelatedArticle[];
}

const keptRelatedHtml = keptHtmlStore();
const keptCommentsHtml = keptHtmlStore();
const keptArticleMeta = keptBeside<PageMeta>();
const keptHeaderHtml = keptHtmlStore();

export function ArticlePage(props: ArticlePageProps): JSX.Element {
  const { ctx, article, comments, commentPage, form, formToken = '', replyTo, notice, corrections = [], preview, related = [] } = props;
  const kicker = kickerOf(article.tags, new Set(ctx.sections.map((s) => s.slug)));
  const trail = articleTrail(article, kicker ?? article.tags[0]);
  const safeBody = article.bodyHtml;
  // Rendered by RelatedArticles, which escapes what it shows; kept beside the related list it came from.
  const safeRelated = keptRelatedHtml(related, [ctx.site], () => <RelatedArticles articles={related} site={ctx.site} />);
  // Rendered by StoryHeader, which escapes what it shows; kept beside the article it came from.
  const safeHeader = keptHeaderHtml(article, [ctx.site, kicker], () => <StoryHeader article={article} kicker={kicker} site={ctx.site} />);
  const commentsOpen = isCommentingOpen(article, ctx.site, ctx.now);
  return (
    <Layout
      ctx={ctx}
      title={article.headline}
      description={describeArticle(article)}
      canonicalPath={preview ? undefined : paths.commentPage(article.slug, commentPage?.page ?? 1)}
      noindex={preview}
      meta={keptArticleMeta(article, [ctx.site, ctx.siteUrl, ctx.sections], () => articleMeta(ctx, article, trail, kicker))}
      feeds={preview ? [] : [{ kind: 'comments', article }]}
      commentForm={commentsOpen}
    >
      {preview ? (
        <p class="notice preview-banner" role="status">
          <strong>Preview — not published.</strong> This is how readers will see the article.
        </p>
      ) : (
        ''
      )}
      <Breadcrumb trail={trail} story />
      <article class="story" lang={article.language ?? undefined}>
        {safeHeader}
        {article.image ? (
          <PictureFigure picture={article.image} layout={{ sizes: ARTICLE_SIZES, lead: true, className: 'lead-image' }} />
        ) : (
          ''
        )}
        <div class="story-body">{safeBody}</div>
        <CorrectionsBox corrections={corrections} site={ctx.site} />
      </article>
      {safeRelated}
      <section class="comments" id="comments" aria-labelledby="comments-title">
        <h2 id="comments-title" safe>
          {plural(article.commentCount, 'comment', 'comments')}
        </h2>
        {notice ? <Notice notice={notice} /> : ''}
        {commentPage ? <CommentPages page={commentPage} articleSlug={article.slug} /> : ''}
        {comments.length > 0 ? (
          keptCommentsHtml(comments, [article.slug, ctx.site, commentsOpen], () => (
            <CommentList nodes={comments} articleSlug={article.slug} site={ctx.site} allowReplies={commentsOpen} />
          ))
        ) : (
          <p class="empty">No comments yet.{commentsOpen ? ' Start the conversation.' : ''}</p>
        )}
        {commentsOpen ? (
          <CommentForm articleSlug={article.slug} state={form} replyTo={replyTo} formToken={formToken} />
        ) : (
          <ClosedComments form={form} />
        )}
      </section>
    </Layout>
  );
}

/** The story's kicker, headline, standfirst, byline and tag line: kept beside the article, as its body is. */
function StoryHeader({ article, kicker, site }: { article: Article; kicker: TagRef | undefined; site: SiteSettings }): JSX.Element {
  const edited = article.publishedAt && article.updatedAt.getTime() - article.publishedAt.getTime() > 60_000;
  return (
    <header class="story-header">
      {kicker ? (
        <a class="kicker" href={paths.tag(kicker.slug)} safe>
          {kicker.name}
        </a>
      ) : (
        ''
      )}
      <h1 class="story-headline" safe>
        {article.headline}
      </h1>
      {article.standfirst ? (
        <p class="story-standfirst" safe>
          {article.standfirst}
        </p>
      ) : (
        ''
      )}
      <p class="byline">
        By{' '}
        <a href={paths.author(article.author.slug)} rel="author" safe>
          {article.author.name}
        </a>
        {article.publishedAt ? (
          <>
            {' · '}
            <time datetime={article.publishedAt.toISOString()} safe>
              {formatDateTime(site, article.publishedAt)}
            </time>
          </>
        ) : (
          ''
        )}
        {edited ? (
          <>
            {' · Updated '}
            <time datetime={article.updatedAt.toISOString()} safe>
              {formatDateTime(site, article.updatedAt)}
            </time>
          </>
        ) : (
          ''
        )}
      </p>
      {article.tags.length > 0 ? (
        <nav class="tag-line" aria-label="Tags">
          <ul>
            {article.tags.map((tag) => (
              <li>
                <a href={paths.tag(tag.slug)} rel="tag" safe>
                  {tag.name}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : (
        ''
      )}
    </header>
  );
}

/** Where this page of comment threads stands among the article's, with a link to every page. */
function CommentPages({ page, articleSlug }: { page: CommentPage; articleSlug: string }): JSX.Element {
  if (page.pageCount <= 1) return '';
  // Every page up to 15; beyond that the first, the last and the pages near this one, so an
  // article with thousands of pages does not list thousands of links.
  const numbers = Array.from({ length: page.pageCount }, (_, i) => i + 1).filter(
    (n) => page.pageCount <= 15 || n === 1 || n === page.pageCount || Math.abs(n - page.page) <= 5,
  );
  return (
    <nav class="comment-pages" aria-label="Pages of comments">
      <p>
        {`${plural(page.threads, 'conversation', 'conversations')}, ${page.order} first; page ${page.page} of ${page.pageCount}.` as 'safe'}{' '}
        {page.page < page.pageCount ? (
          <a href={paths.articleCommentsPage(articleSlug, page.pageCount)}>
            {page.order === 'oldest' ? 'Newest comments' : 'Oldest comments'}
          </a>
        ) : (
          ''
        )}
      </p>
      <ol>
        {numbers.map((n) => (
          <li>
            {n === page.page ? (
              <span aria-current="page">{String(n) as 'safe'}</span>
            ) : (
              <a href={paths.articleCommentsPage(articleSlug, n)}>{String(n) as 'safe'}</a>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** When comments closed while a reader was typing, their words are handed back rather than lost. */
function ClosedComments({ form }: { form: CommentFormState }): JSX.Element {
  return (
    <div class="comments-closed" id="respond" role={form.values.comment ? 'alert' : undefined}>
      <p>Comments are closed on this article.</p>
      {form.values.comment ? (
        <>
          <p>Your comment was not posted. Here is what you wrote, so you can keep a copy:</p>
          <blockquote class="returned-comment" safe>
            {form.values.comment}
          </blockquote>
        </>
      ) : (
        ''
      )}
    </div>
  );
}

function Notice({ notice }: { notice: CommentNotice }): JSX.Element {
  return (
    <div class="notice" role="status" id="comment-notice">
      {notice.kind === 'pending' ? (
        <p>
          <strong>Thank you, your comment was received.</strong> It is awaiting moderation and will appear here once an editor has approved
          it.
        </p>
      ) : (
        <p>
          <strong>Thank you, your comment is published.</strong> <a href={`#comment-${notice.commentId}`}>See your comment</a>.
        </p>
      )}
    </div>
  );
}

/** The commenter's name, linked to their website only when that is an http or https address. */
function CommentAuthor({ comment }: { readonly comment: PublishedComment }): JSX.Element {
  const website = linkableAddress(comment.authorUrl);
  return website ? (
    <a class="comment-author" href={website} rel="nofollow ugc noopener" safe>
      {comment.authorName}
    </a>
  ) : (
    <span class="comment-author" safe>
      {comment.authorName}
    </span>
  );
}

interface CommentListProps {
  readonly nodes: readonly CommentNode[];
  readonly articleSlug: string;
  readonly site: SiteSettings;
  readonly allowReplies: boolean;
  readonly nested?: boolean;
}

function CommentList({ nodes, articleSlug, site, allowReplies, nested }: CommentListProps): JSX.Element {
  return (
    <ol class={nested ? 'comment-list children' : 'comment-list'}>
      {nodes.map(({ comment, replies }) => (
        <li id={`comment-${comment.id}`} class={`comment depth-${comment.depth}`}>
          <article class="comment-card" aria-label={`Comment by ${comment.authorName}`}>
            <header class="comment-meta">
              <CommentAuthor comment={comment} />
              {comment.staffUserId !== null ? <span class="staff-badge">Staff</span> : ''}
              <a class="comment-permalink" href={`#comment-${comment.id}`}>
                <time datetime={comment.createdAt.toISOString()} safe>
                  {formatShortDateTime(site, comment.createdAt)}
                </time>
              </a>
            </header>
            <div class="comment-body">{comment.bodyHtml as 'safe'}</div>
            {allowReplies && comment.depth < MAX_COMMENT_DEPTH ? (
              <a class="reply-link" href={paths.replyTo(articleSlug, comment.id)} aria-label={`Reply to ${comment.authorName}`}>
                Reply
              </a>
            ) : (
              ''
            )}
          </article>
          {replies.length > 0 ? (
            <CommentList nodes={replies} articleSlug={articleSlug} site={site} allowReplies={allowReplies} nested />
          ) : (
            ''
          )}
        </li>
      ))}
    </ol>
  );
}
