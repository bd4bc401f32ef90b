import { sanitizeCommentHtml } from '../../domain/shared/html-sanitize.ts';
import { linkableAddress } from '../../domain/shared/web-address.ts';
import type { ImportedComment, ImportedSkip, ImportNote } from '../../domain/importing/records.ts';
import type { CommentStatus } from '../../domain/shared/model.ts';
import { gmtOrLocal } from './dates.ts';
import { singleLine } from './text.ts';
import { wpautop } from './wpautop.ts';
import type { WxrComment } from './wxr.ts';

const STATUSES: Readonly<Record<string, CommentStatus>> = { '1': 'approved', '0': 'pending', spam: 'spam' };
const TRASHED = new Set(['trash', 'post-trashed']);

export interface PostComments {
  /** Parents before their replies. */
  readonly comments: ImportedComment[];
  /** Trashed comments, pingbacks and trackbacks: counted in the report, not imported. */
  readonly skipped: ImportedSkip[];
}

/**
 * The comments of one post. A reply whose parent is not imported (trashed, a pingback, or simply
 * absent) becomes a top-level comment with a `missing_parent` note.
 */
export function postComments(raw: readonly WxrComment[]): PostComments {
  const kept: Reply[] = [];
  const skipped: ImportedSkip[] = [];
  for (const source of raw) {
    const skip = skipNote(source);
    if (skip) skipped.push({ kind: 'skip', of: 'comment', externalId: source.id!.trim(), title: singleLine(source.author), note: skip });
    else kept.push({ source, id: source.id!.trim(), parent: parentId(source) });
  }
  const comments = threadOrder(kept).map(({ reply, parent }) =>
    importedComment(
      reply.source,
      parent,
      reply.parent !== null && parent === null ? [{ code: 'missing_parent', detail: reply.parent }] : [],
    ),
  );
  return { comments, skipped };
}

/** Every comment of a page is skipped: pages here take no comments. */
export function pageComments(raw: readonly WxrComment[]): ImportedSkip[] {
  return raw.map((source) => ({
    kind: 'skip',
    of: 'comment',
    externalId: source.id!.trim(),
    title: singleLine(source.author),
    note: skipNote(source) ?? { code: 'unsupported_type', detail: 'page comment' },
  }));
}

function skipNote(source: WxrComment): ImportNote | null {
  const type = source.type.trim();
  if (type !== '' && type !== 'comment') return { code: 'unsupported_type', detail: type };
  if (TRASHED.has(source.approved.trim())) return { code: 'trash' };
  return null;
}

function parentId(source: WxrComment): string | null {
  const parent = source.parent.trim();
  return parent === '' || /^0+$/.test(parent) ? null : parent;
}

function importedComment(source: WxrComment, parentExternalId: string | null, notes: ImportNote[]): ImportedComment {
  const url = source.authorUrl.trim();
  const website = linkableAddress(url);
  // WordPress keeps an empty website as nothing or a bare scheme; anything else that cannot be a link is worth a note.
  const dropped = website === null && !/^(?:https?:\/\/)?$/i.test(url);
  return {
    externalId: source.id!.trim(),
    parentExternalId,
    authorName: singleLine(source.author),
    authorEmail: source.authorEmail.trim(),
    authorUrl: website,
    clientAddress: source.authorIp.trim() || null,
    bodySource: source.content,
    bodyHtml: commentBodyHtml(source.content),
    status: STATUSES[source.approved.trim()] ?? 'pending',
    // The first pass refused comments without a date.
    createdAt: gmtOrLocal(source.dateGmt, source.date)!,
    notes: dropped ? [...notes, { code: 'website_dropped', detail: url }] : notes,
  };
}

/** A comment to import, with the parent the file names (null: top level). */
interface Reply {
  readonly source: WxrComment;
  readonly id: string;
  readonly parent: string | null;
}

/**
 * Orders comments so that each parent comes before its replies, keeping file order otherwise,
 * and says under which parent each is placed. A reply waits until its parent is placed; one
 * whose parent never comes (absent, or a loop of replies) is placed at the top level.
 */
function threadOrder(replies: readonly Reply[]): Array<{ reply: Reply; parent: string | null }> {
  const present = new Set(replies.map((reply) => reply.id));
  const waiting = new Map<string, Reply[]>();
  const placed = new Set<string>();
  const ordered: Array<{ reply: Reply; parent: string | null }> = [];
  const place = (first: Reply, parent: string | null) => {
    const stack = [{ reply: first, parent }];
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (placed.has(next.reply.id)) continue;
      ordered.push(next);
      placed.add(next.reply.id);
      const children = waiting.get(next.reply.id) ?? [];
      waiting.delete(next.reply.id);
      for (let i = children.length - 1; i >= 0; i--) stack.push({ reply: children[i]!, parent: next.reply.id });
    }
  };
  for (const reply of replies) {
    const parent = reply.parent;
    if (parent === null || !present.has(parent) || parent === reply.id) place(reply, null);
    else if (placed.has(parent)) place(reply, parent);
    else if (waiting.has(parent)) waiting.get(parent)!.push(reply);
    else waiting.set(parent, [reply]);
  }
  // What still waits is caught in a loop of replies: each is brought to the top level.
  for (const reply of replies) if (!placed.has(reply.id)) place(reply, null);
  return ordered;
}

/**
 * A comment's HTML as WordPress showed it (wpautop), sanitized. Most comments are plain text
 * (no `<`, no `&`): their paragraphs and line breaks are made directly, with the same result as
 * the full path, which a benchmark of half a million comments would otherwise spend its time in.
 */
export function commentBodyHtml(text: string): string {
  if (text.includes('<') || text.includes('&')) return sanitizeCommentHtml(wpautop(text));
  return plainTextParagraphs(text);
}

/** wpautop on text without markup, escaped as the sanitizer escapes text (only `>` is left to escape). */
function plainTextParagraphs(text: string): string {
  return `${text.replaceAll('>', '&gt;')}\n`
    .replace(/\r\n|\r/g, '\n')
    .split(/\n[ \t\n\r\f\v]*\n/)
    .filter((paragraph) => !/^[ \t\n\r\f\v]*$/.test(paragraph))
    .map((paragraph) => `<p>${paragraph.replace(/^\n+|\n+$/g, '').replace(/[ \t\r\f\v]*\n/g, '<br />\n')}</p>\n`)
    .join('');
}
