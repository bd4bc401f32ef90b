import { AKISMET_JOBS, recordAkismetVerdict, type AkismetCommentPayload } from '../domain/comments/akismet.ts';
import type { CommentsDeps } from '../domain/comments/ports.ts';
import type { OutboxJob } from '../domain/outbox/repository.ts';
import { paths } from '../paths/site.ts';
import type { OutboxHandler } from './worker.ts';

/** Akismet answers in well under a second; a request still waiting after this is treated as failed and retried. */
const TIMEOUT_MS = 10_000;

/** Akismet's REST API (https://akismet.com/developers/): form-encoded POSTs, plain-text answers. */
export interface AkismetClient {
  /** Whether Akismet accepts the key for this site. */
  verifyKey(): Promise<boolean>;
  /** True for spam. */
  commentCheck(comment: AkismetCommentPayload): Promise<boolean>;
  submitSpam(comment: AkismetCommentPayload): Promise<void>;
  submitHam(comment: AkismetCommentPayload): Promise<void>;
}

export function akismetClient(options: { key: string; url: string; siteUrl: string }): AkismetClient {
  async function call(method: string, fields: Record<string, string>): Promise<string> {
    const response = await fetch(`${options.url}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', 'user-agent': 'Broadsheet | Akismet/1.1' },
      body: new URLSearchParams(fields).toString(),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = (await response.text()).trim();
    if (!response.ok) throw new Error(`Akismet ${method} answered HTTP ${response.status}`);
    const help = response.headers.get('x-akismet-debug-help') ?? response.headers.get('x-akismet-alert-msg');
    if (help) throw new Error(`Akismet ${method}: ${help}`);
    return text;
  }

  const commentFields = (comment: AkismetCommentPayload): Record<string, string> => ({
    api_key: options.key,
    blog: options.siteUrl,
    user_ip: comment.userIp,
    user_agent: comment.userAgent,
    permalink: `${options.siteUrl}${paths.article(comment.articleSlug)}`,
    comment_type: 'comment',
    comment_author: comment.authorName,
    comment_author_email: comment.authorEmail,
    ...(comment.authorUrl ? { comment_author_url: comment.authorUrl } : {}),
    comment_content: comment.body,
    comment_date_gmt: comment.createdAt,
    blog_charset: 'UTF-8',
  });

  async function submit(method: 'submit-spam' | 'submit-ham', comment: AkismetCommentPayload): Promise<void> {
    const text = await call(method, commentFields(comment));
    if (!text.startsWith('Thanks')) throw new Error(`Akismet ${method} answered "${text.slice(0, 100)}"`);
  }

  return {
    async verifyKey() {
      return (await call('verify-key', { key: options.key, blog: options.siteUrl })) === 'valid';
    },
    async commentCheck(comment) {
      const text = await call('comment-check', commentFields(comment));
      if (text !== 'true' && text !== 'false') throw new Error(`Akismet comment-check answered "${text.slice(0, 100)}"`);
      return text === 'true';
    },
    submitSpam: (comment) => submit('submit-spam', comment),
    submitHam: (comment) => submit('submit-ham', comment),
  };
}

/** The outbox handlers of Akismet's three jobs. */
export function akismetHandlers(client: AkismetClient, deps: CommentsDeps): Map<string, OutboxHandler> {
  const comment = (job: OutboxJob) => job.payload as unknown as AkismetCommentPayload;
  return new Map<string, OutboxHandler>([
    [
      AKISMET_JOBS.check,
      async (job) => {
        const spam = await client.commentCheck(comment(job));
        await recordAkismetVerdict(deps, { commentId: comment(job).commentId, verdict: spam ? 'spam' : 'ham' });
      },
    ],
    [AKISMET_JOBS.submitSpam, (job) => client.submitSpam(comment(job))],
    [AKISMET_JOBS.submitHam, (job) => client.submitHam(comment(job))],
  ]);
}
