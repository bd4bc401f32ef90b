import type { Article, Comment, CommentStatus } from '../../domain/shared/model.ts';
import { formatShortDateTime } from '../format.ts';
import { paths } from '../paths.ts';
import type { AdminContext } from './context.ts';
import { CsrfField, FormErrors, formState, TextArea, TextField, type FormState } from './form.tsx';
import { AdminLayout } from './layout.tsx';

/** Replying to a pending comment approves it: the label says so before the moderator sends. */
function replyLabel(status: CommentStatus | undefined): string {
  return status === 'pending' ? 'Your reply (approves this comment too)' : 'Your reply';
}

/**
 * A staff reply to `comment`, on the reply page. Without a comment it is the blank the queue keeps
 * in its template: no action, a field id ending in `new`, and a Cancel button, all of which the
 * queue's script fills in or uses when it opens the form under a row.
 */
export function ReplyForm({
  admin,
  comment,
  back,
  state,
}: {
  admin: AdminContext;
  comment?: Pick<Comment, 'id' | 'status'>;
  back: string;
  state: FormState;
}): JSX.Element {
  return (
    <form method="post" action={comment ? `/admin/comments/${comment.id}/reply` : undefined} class="reply-form" novalidate>
      <CsrfField token={admin.csrfToken} />
      <input type="hidden" name="back" value={back} />
      <FormErrors state={state} />
      <TextArea
        name="comment"
        id={`reply-${comment?.id ?? 'new'}`}
        label={replyLabel(comment?.status)}
        hint="Published at once under your name, marked as Staff."
        state={state}
        required
        rows={3}
      />
      <p class="form-submit">
        <button type="submit" class="button small">
          Send reply
        </button>
        {comment ? (
          ''
        ) : (
          <button type="button" class="button small secondary" data-cancel-reply>
            Cancel
          </button>
        )}
      </p>
    </form>
  );
}

/**
 * One blank reply form for the whole queue, so its CSRF token is on the page once, not once a
 * row; admin-moderation.js copies it under a row on `r` or on its Reply link.
 */
export function ReplyTemplate({ admin, back }: { admin: AdminContext; back: string }): JSX.Element {
  return (
    <template id="reply-template" data-pending-label={replyLabel('pending')}>
      <ReplyForm admin={admin} back={back} state={formState()} />
    </template>
  );
}

interface CommentFormPageProps {
  readonly admin: AdminContext;
  readonly comment: Comment;
  readonly article: Article;
  readonly state: FormState;
  /** The queue view to return to. */
  readonly back: string;
}

/** What the commenter wrote, for a moderator to correct; checked as a reader's comment is. */
export function CommentEditPage({ admin, comment, article, state, back }: CommentFormPageProps): JSX.Element {
  return (
    <AdminLayout admin={admin} title="Edit comment">
      <h1>Edit comment</h1>
      <CommentFacts admin={admin} comment={comment} article={article} />
      <form method="post" action={`/admin/comments/${comment.id}/edit`} novalidate class="narrow-form">
        <CsrfField token={admin.csrfToken} />
        <input type="hidden" name="back" value={back} />
        <FormErrors state={state} />
        <TextArea name="comment" label="Comment" state={state} required rows={8} />
        <TextField name="author" label="Name" state={state} required />
        <TextField name="email" label="Email" state={state} required input={{ type: 'email' }} />
        <TextField name="url" label="Website" state={state} input={{ type: 'url' }} />
        <p class="form-submit">
          <button type="submit" class="button">
            Save comment
          </button>
          <a href={back}>Back to the comments</a>
        </p>
      </form>
    </AdminLayout>
  );
}

/** A staff reply on a page of its own: the queue's Reply link without JavaScript, and where a refused reply comes back. */
export function CommentReplyPage({ admin, comment, article, state, back }: CommentFormPageProps): JSX.Element {
  return (
    <AdminLayout admin={admin} title="Reply to a comment">
      <h1 safe>{`Reply to ${comment.authorName}`}</h1>
      <CommentFacts admin={admin} comment={comment} article={article} />
      <blockquote class="comment-text">{comment.bodyHtml as 'safe'}</blockquote>
      <ReplyForm admin={admin} comment={comment} back={back} state={state} />
      <p>
        <a href={back}>Back to the comments</a>
      </p>
    </AdminLayout>
  );
}

function CommentFacts({ admin, comment, article }: { admin: AdminContext; comment: Comment; article: Article }): JSX.Element {
  return (
    <dl class="facts">
      <dt>Article</dt>
      <dd>
        <a href={paths.comment(article.slug, comment.id)} safe>
          {article.headline}
        </a>
      </dd>
      <dt>Status</dt>
      <dd>
        <span class={`status status-${comment.status}`}>{comment.status}</span>
      </dd>
      <dt>Submitted</dt>
      <dd>
        <time datetime={comment.createdAt.toISOString()} safe>
          {formatShortDateTime(admin.site, comment.createdAt)}
        </time>
      </dd>
    </dl>
  );
}
