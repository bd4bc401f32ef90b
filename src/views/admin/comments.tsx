import type { CommentStatus } from '../../domain/shared/model.ts';
import { linkableAddress } from '../../domain/shared/web-address.ts';
import { QUEUE_FILTERS, type ModerationQueue, type QueueEntry, type QueueFilter } from '../../domain/comments/moderation.ts';
import { formatShortDateTime } from '../format.ts';
import { paths } from '../../paths/site.ts';
import type { AdminContext } from './context.ts';
import { ReplyTemplate } from './comment-forms.tsx';
import { CsrfField } from './form.tsx';
import { AdminLayout } from './layout.tsx';
import { can } from '../../domain/shared/policy.ts';
import type { ModerationAction } from '../../domain/comments/repository.ts';
import type { Screening } from '../../domain/comments/spam/repository.ts';

const FILTER_NAMES: Readonly<Record<QueueFilter, string>> = {
  pending: 'Pending',
  approved: 'Approved',
  spam: 'Spam',
  trash: 'Trash',
  all: 'All',
};

/** The queue's address for a tab and page; pending, the first tab, is the bare /admin/comments. */
export function queuePath(filter: QueueFilter, page = 1): string {
  const query = new URLSearchParams();
  if (filter !== 'pending') query.set('status', filter);
  if (page > 1) query.set('page', String(page));
  const search = query.toString();
  return search ? `/admin/comments?${search}` : '/admin/comments';
}

/** The buttons each status offers, in order, with the shortcut key that presses them. */
const ROW_ACTIONS: Readonly<Record<CommentStatus, ReadonlyArray<{ action: ModerationAction; label: string; key?: string }>>> = {
  pending: [
    { action: 'approve', label: 'Approve', key: 'a' },
    { action: 'spam', label: 'Spam', key: 's' },
    { action: 'trash', label: 'Trash', key: 't' },
  ],
  approved: [
    { action: 'unapprove', label: 'Unapprove' },
    { action: 'spam', label: 'Spam', key: 's' },
    { action: 'trash', label: 'Trash', key: 't' },
  ],
  spam: [
    { action: 'restore', label: 'Not spam' },
    { action: 'trash', label: 'Trash', key: 't' },
  ],
  trash: [
    { action: 'restore', label: 'Restore' },
    { action: 'spam', label: 'Spam', key: 's' },
  ],
};

const BULK_ACTIONS: ReadonlyArray<{ action: ModerationAction; label: string }> = [
  { action: 'approve', label: 'Approve selected' },
  { action: 'spam', label: 'Spam selected' },
  { action: 'trash', label: 'Trash selected' },
  { action: 'restore', label: 'Restore selected' },
];

export const SHORTCUTS: ReadonlyArray<{ keys: string; does: string }> = [
  { keys: 'j or n', does: 'Next comment' },
  { keys: 'k or p', does: 'Previous comment' },
  { keys: 'a', does: 'Approve the comment' },
  { keys: 's', does: 'Mark it as spam' },
  { keys: 't', does: 'Move it to the trash' },
  { keys: 'r', does: 'Reply to it' },
  { keys: '?', does: 'Show or hide this list' },
];

export interface ModerationPageProps {
  readonly admin: AdminContext;
  readonly queue: ModerationQueue;
  /** Why the last bulk action was refused, e.g. nothing was selected. */
  readonly problem?: string | undefined;
}

/** The moderation queue: tabs by status, bulk actions, and one row per comment with its own actions. */
export function ModerationPage({ admin, queue, problem }: ModerationPageProps): JSX.Element {
  const { page, filter } = queue;
  const back = queuePath(filter, page.page);
  const switchRows = firstRowOfEachArticle(page.items);
  return (
    <AdminLayout admin={admin} title={`Comments: ${FILTER_NAMES[filter]}`} wide scripts={['admin-moderation.js']}>
      <h1>Comments</h1>
      {admin.actor && can(admin.actor, 'settings.manage') ? (
        <p class="page-actions">
          <a href="/admin/comments/spam">Spam defence settings</a>
        </p>
      ) : (
        ''
      )}
      <nav class="queue-tabs" aria-label="Comments by status">
        <ul>
          {QUEUE_FILTERS.map((tab) => (
            <li>
              <a href={queuePath(tab)} aria-current={tab === filter ? 'page' : undefined}>
                <span safe>{FILTER_NAMES[tab]}</span> <span class="count" safe>{`(${queue.counts[tab].toLocaleString('en')})`}</span>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <ShortcutHelp />
      {problem ? (
        <p class="form-errors" role="alert" safe>
          {problem}
        </p>
      ) : (
        ''
      )}
      {page.items.length === 0 ? (
        <p class="empty-queue" safe>
          {filter === 'all' ? 'No comments yet.' : `No ${FILTER_NAMES[filter].toLowerCase()} comments.`}
        </p>
      ) : (
        <>
          <form id="bulk" method="post" action="/admin/comments/bulk" class="bulk-actions">
            <CsrfField token={admin.csrfToken} />
            <input type="hidden" name="back" value={back} />
            <fieldset>
              <legend>With the selected comments</legend>
              {BULK_ACTIONS.map(({ action, label }) => (
                <button type="submit" name="action" value={action} class="button small secondary" safe>
                  {label}
                </button>
              ))}
            </fieldset>
          </form>
          <table class="list moderation-queue">
            <thead>
              <tr>
                <th scope="col" class="select-column">
                  <input type="checkbox" id="select-all" data-select-all="ids" form="bulk" />
                  <label for="select-all" class="visually-hidden">
                    Select every comment on this page
                  </label>
                </th>
                <th scope="col">Commenter</th>
                <th scope="col">Comment</th>
                <th scope="col">Article</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((entry) => (
                <QueueRow admin={admin} entry={entry} back={back} commentingSwitch={switchRows.has(entry.comment.id)} />
              ))}
            </tbody>
          </table>
          <ReplyTemplate admin={admin} back={back} />
        </>
      )}
      {page.pageCount > 1 ? (
        <nav class="pagination" aria-label="Pages">
          {page.page > 1 ? <a href={queuePath(filter, page.page - 1)}>Newer comments</a> : ''}
          <span safe>{`Page ${page.page} of ${page.pageCount}`}</span>
          {page.page < page.pageCount ? <a href={queuePath(filter, page.page + 1)}>Older comments</a> : ''}
        </nav>
      ) : (
        ''
      )}
    </AdminLayout>
  );
}

function ShortcutHelp(): JSX.Element {
  return (
    <details class="shortcut-help" id="shortcut-help">
      <summary>Keyboard shortcuts</summary>
      <dl>
        {SHORTCUTS.map(({ keys, does }) => (
          <>
            <dt>
              <kbd safe>{keys}</kbd>
            </dt>
            <dd safe>{does}</dd>
          </>
        ))}
      </dl>
    </details>
  );
}

/** The comments that carry their article's close or reopen button: each article's first (newest) on the page. */
function firstRowOfEachArticle(entries: readonly QueueEntry[]): ReadonlySet<number> {
  const firsts = new Map<number, number>();
  for (const { comment } of entries) if (!firsts.has(comment.articleId)) firsts.set(comment.articleId, comment.id);
  return new Set(firsts.values());
}

/**
 * What the spam checks said of a comment: the learning filter's score, and each check's reason
 * (a second opinion, such as Akismet's, is one more reason under its own name).
 */
function SpamFindings({ screening }: { screening: Screening | undefined }): JSX.Element {
  if (!screening || (screening.score === null && screening.reasons.length === 0)) return <></>;
  return (
    <div class="spam-findings">
      <p class="spam-score" safe>
        {screening.score === null ? 'Spam score: not scored' : `Spam score: ${Math.round(screening.score * 100)} of 100`}
      </p>
      {screening.reasons.length > 0 ? (
        <ul class="spam-reasons">
          {screening.reasons.map((reason) => (
            <li>
              <span class="spam-check" safe>
                {SPAM_CHECK_NAMES[reason.check] ?? reason.check}
              </span>
              {': '}
              <span safe>{reason.detail}</span>
            </li>
          ))}
        </ul>
      ) : (
        ''
      )}
    </div>
  );
}

const SPAM_CHECK_NAMES: Readonly<Record<string, string>> = { blocklist: 'Blocklist', links: 'Links', filter: 'Learning filter' };

/**
 * One comment. Its buttons share one small form (the CSRF token once a row); each posts to its own
 * address through `formaction`. Editing and replying are links to pages of their own; the script
 * opens the reply in the row instead.
 */
function QueueRow({
  admin,
  entry,
  back,
  commentingSwitch,
}: {
  admin: AdminContext;
  entry: QueueEntry;
  back: string;
  commentingSwitch: boolean;
}): JSX.Element {
  const { comment, history } = entry;
  const who = `comment by ${comment.authorName}`;
  const formId = `actions-${comment.id}`;
  const actions = ROW_ACTIONS[comment.status];
  const backQuery = `?back=${encodeURIComponent(back)}`;
  return (
    <tr id={`comment-${comment.id}`} class="queue-item" data-comment-id={String(comment.id)} data-status={comment.status} tabindex="-1">
      <td class="select-column">
        <input type="checkbox" name="ids" value={String(comment.id)} id={`select-${comment.id}`} form="bulk" />
        <label for={`select-${comment.id}`} class="visually-hidden" safe>
          {`Select ${who}`}
        </label>
      </td>
      <td class="commenter">
        <strong safe>{comment.authorName}</strong>
        {comment.staffUserId !== null ? <span class="staff-mark">Staff</span> : ''}
        <br />
        <a href={`mailto:${comment.authorEmail}`} safe>
          {comment.authorEmail}
        </a>
        <CommenterWebsite address={comment.authorUrl} />
        <br />
        <span class="muted" title="Hash of the commenter's address">
          {comment.clientAddressHash ? `Address ${comment.clientAddressHash.slice(0, 8)}` : 'No address kept'}
        </span>
        <br />
        <span class="history" safe>{`History: ${history.approved} approved, ${history.spam} spam`}</span>
      </td>
      <td class="comment-cell">
        <p class="comment-facts">
          <span class={`status status-${comment.status}`}>{comment.status}</span>{' '}
          <time datetime={comment.createdAt.toISOString()} safe>
            {formatShortDateTime(admin.site, comment.createdAt)}
          </time>
          {comment.parentAuthorName !== null ? <span safe>{` · In reply to ${comment.parentAuthorName}`}</span> : ''}
          {comment.editedAt ? <span> · Edited</span> : ''}
        </p>
        <AkismetReason verdict={comment.akismetVerdict ?? null} />
        <div class="comment-text">{comment.bodyHtml as 'safe'}</div>
        <SpamFindings screening={entry.screening} />
        <form method="post" action={`/admin/comments/${comment.id}/${actions[0]!.action}`} id={formId} class="row-actions">
          <CsrfField token={admin.csrfToken} />
          <input type="hidden" name="back" value={back} />
          {actions.map(({ action, label, key }) => (
            <button
              type="submit"
              formaction={`/admin/comments/${comment.id}/${action}`}
              class={action === 'approve' ? 'button small' : 'button small secondary'}
              data-shortcut={key}
            >
              <span safe>{label}</span>
              <span class="visually-hidden" safe>{` ${who}`}</span>
            </button>
          ))}
          <a href={`/admin/comments/${comment.id}/edit${backQuery}`} class="button small secondary">
            Edit<span class="visually-hidden" safe>{` ${who}`}</span>
          </a>
          {comment.status === 'spam' || comment.status === 'trash' ? (
            ''
          ) : (
            <a href={`/admin/comments/${comment.id}/reply${backQuery}`} class="button small secondary" data-reply>
              Reply<span class="visually-hidden" safe>{` to ${comment.authorName}`}</span>
            </a>
          )}
        </form>
      </td>
      <td class="article-cell">
        <a href={paths.article(comment.articleSlug)} safe>
          {comment.articleHeadline}
        </a>
        <p class="commenting-switch">
          <span class="muted">{comment.articleCommentsOpen ? 'Comments open. ' : 'Comments closed. '}</span>
          {commentingSwitch ? <CommentingButton form={formId} articleId={comment.articleId} open={comment.articleCommentsOpen} /> : ''}
        </p>
      </td>
    </tr>
  );
}

/**
 * Opens or closes the article's comments. It sends the row's form, with its token and `back`, to
 * the article's address instead: a POST like any other, without a form of its own.
 */
function CommentingButton({ form, articleId, open }: { form: string; articleId: number; open: boolean }): JSX.Element {
  return (
    <button
      type="submit"
      form={form}
      formaction={`/admin/articles/${articleId}/comments`}
      name="open"
      value={open ? '0' : '1'}
      class="link-button"
    >
      {open ? 'Close comments' : 'Reopen comments'}
    </button>
  );
}

/** Akismet's answer, one of the reasons a comment is where it is; nothing when Akismet is not used or has not answered. */
function AkismetReason({ verdict }: { verdict: 'spam' | 'ham' | null }): JSX.Element {
  if (verdict === null) return <></>;
  return <p class={`comment-reason akismet-${verdict}`}>{verdict === 'spam' ? 'Akismet: spam' : 'Akismet: not spam'}</p>;
}

/**
 * The website a commenter gave: a link only when it is an http or https address; anything else a
 * stored row may hold (an old import's `javascript:` address) is shown as text for the moderator.
 */
function CommenterWebsite({ address }: { readonly address: string | null }): JSX.Element {
  if (!address) return <></>;
  const href = linkableAddress(address);
  return (
    <>
      <br />
      {href ? (
        <a href={href} rel="nofollow ugc noopener" class="website" safe>
          {address.replace(/^https?:\/\//, '')}
        </a>
      ) : (
        <span class="website" safe>
          {address}
        </span>
      )}
    </>
  );
}
