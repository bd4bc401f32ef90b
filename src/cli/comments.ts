import { setCommentsOpen } from '../domain/articles/articles.ts';
import { COMMENT_STATUSES, type CommentStatus } from '../domain/shared/model.ts';
import { listComments, MODERATION_ACTIONS, moderateComments, type ModerationAction } from '../domain/comments/moderation.ts';
import { paths } from '../views/paths.ts';
import type { Command } from './command.ts';
import { parseOptions, UsageError } from './output.ts';
import { openRuntime } from './runtime.ts';

export const commentsCommand: Command = {
  usage:
    'comments list [--status pending|approved|spam|trash|all] [--limit N]\n  comments approve|unapprove|spam|trash|restore ID [ID ...]\n  comments close|open ARTICLE-SLUG',
  summary: 'List and moderate reader comments; close or reopen an article to comments',
  async run({ args, config, out }) {
    const [action, ...rest] = args;
    if (action === 'list') {
      const { status, limit } = parseListOptions(rest);
      const runtime = await openRuntime(config);
      try {
        const comments = await listComments(runtime.deps, { actor: 'console', ...(status ? { status } : {}), limit });
        if (comments.length === 0) out(status ? `No ${status} comments.` : 'No comments.');
        for (const c of comments) {
          out(
            `#${c.id}  ${c.status.padEnd(8)}  ${c.createdAt.toISOString()}  ${c.authorName} <${c.authorEmail}>  on "${c.articleHeadline}"`,
          );
          out(`      ${c.bodySource.replace(/\s+/g, ' ').slice(0, 140)}`);
        }
        return 0;
      } finally {
        await runtime.close();
      }
    }
    if (action === 'close' || action === 'open') {
      const [slug, ...extra] = rest;
      if (!slug || extra.length > 0) throw new UsageError(`comments ${action} takes one article slug`);
      const runtime = await openRuntime(config);
      try {
        const article = await setCommentsOpen(runtime.deps, { slug, open: action === 'open' });
        out(
          `Comments are now ${action === 'open' ? 'open' : 'closed'} on "${article.headline}" ${config.siteUrl}${paths.article(article.slug)}`,
        );
        return 0;
      } finally {
        await runtime.close();
      }
    }
    if (!isModerationAction(action)) {
      throw new UsageError(`unknown comments action "${action ?? ''}" (use list, approve, unapprove, spam, trash, restore, close or open)`);
    }
    if (rest.length === 0) throw new UsageError(`comments ${action} needs at least one comment ID`);
    const ids = rest.map((raw) => {
      if (!/^\d+$/.test(raw)) throw new UsageError(`"${raw}" is not a comment ID (IDs are numbers, see "broadsheet comments list")`);
      return Number(raw);
    });
    const runtime = await openRuntime(config);
    try {
      const { comments } = await moderateComments(runtime.deps, { actor: 'console', ids, action });
      for (const c of comments) out(`#${c.id} by ${c.authorName}: ${c.status}`);
      return 0;
    } finally {
      await runtime.close();
    }
  },
};

function isModerationAction(action: string | undefined): action is ModerationAction {
  return (MODERATION_ACTIONS as readonly (string | undefined)[]).includes(action);
}

function parseListOptions(args: string[]): { status: CommentStatus | undefined; limit: number } {
  const { values } = parseOptions(args, { status: { type: 'string' }, limit: { type: 'string' } });
  const status = values.status === undefined || values.status === 'all' ? undefined : values.status;
  if (status !== undefined && !(COMMENT_STATUSES as readonly string[]).includes(status)) {
    throw new UsageError(`--status must be one of ${COMMENT_STATUSES.join(', ')} or all`);
  }
  const limit = values.limit ?? '50';
  if (!/^[1-9]\d*$/.test(limit)) throw new UsageError('--limit must be a positive number');
  return { status: status as CommentStatus | undefined, limit: Number(limit) };
}
