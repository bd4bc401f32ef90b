import { clientAddressSalt, hashClientAddress, MAX_COMMENT_DEPTH } from '../comments/comments.ts';
import type { NewComment } from '../store.ts';
import type { BatchContext } from './apply.ts';
import { fingerprintOf } from './fingerprint.ts';
import type { ImportedArticle, ImportedComment } from './records.ts';

type CommentInsert = NewComment & { parentIndex?: number; editedAt?: Date | null };

/** Where a new comment hangs: under a stored comment, under one inserted in the same call, or at the top. */
type Placement = { parentId: number | null; parentIndex?: number; depth: number };

/**
 * The comments of a batch's articles. New ones are inserted together (parents before replies, in
 * one multi-row statement per few hundred); changed ones take the source's status and text.
 */
export async function applyComments(batch: BatchContext, articles: readonly ImportedArticle[], articleIds: Map<string, number>) {
  const all = articles.flatMap((article) => article.comments.map((comment) => ({ article, comment })));
  if (all.length === 0) return;
  const known = await batch.lookup('comment', [
    ...all.map(({ comment }) => comment.externalId),
    ...all.flatMap(({ comment }) => (comment.parentExternalId ? [comment.parentExternalId] : [])),
  ]);
  const salt = await clientAddressSalt(batch.store);
  const inserts: CommentInsert[] = [];
  const insertedAt = new Map<string, number>();
  const hashes = new Map<string, string>();
  const touched = new Set<number>();

  for (const { article, comment } of all) {
    const articleId = articleIds.get(article.externalId);
    if (articleId === undefined) continue;
    const hash = fingerprintOf(comment);
    const before = known.get(comment.externalId);
    if (before?.hash === hash) {
      batch.report.skipped('comment', 'unchanged');
      continue;
    }
    const stored = before ? await batch.store.comments.findById(before.localId) : null;
    if (stored) {
      if (stored.status !== comment.status) await batch.store.comments.setStatus(stored.id, comment.status);
      if (stored.bodySource !== comment.bodySource || stored.authorName !== comment.authorName) {
        await batch.store.comments.updateText(stored.id, { ...textOf(comment), editedAt: comment.editedAt ?? batch.now });
      }
      batch.report.updated('comment');
      batch.remember('comment', comment.externalId, stored.id, hash);
      touched.add(articleId);
      continue;
    }
    const placement = await place(batch, comment, { inserts, insertedAt, known });
    if (comment.parentExternalId && placement.parentId === null && placement.parentIndex === undefined) {
      batch.report.note('comment', comment.externalId, comment.authorName, { code: 'missing_parent', detail: comment.parentExternalId });
    }
    insertedAt.set(comment.externalId, inserts.length);
    hashes.set(comment.externalId, hash);
    inserts.push({
      articleId,
      ...placement,
      ...textOf(comment),
      status: comment.status,
      createdAt: comment.createdAt,
      editedAt: comment.editedAt ?? null,
      clientAddressHash: comment.clientAddress ? hashClientAddress(salt, comment.clientAddress) : (comment.clientAddressHash ?? ''),
      userAgent: '',
    });
    for (const note of comment.notes) batch.report.note('comment', comment.externalId, comment.authorName, note);
    batch.report.created('comment');
    touched.add(articleId);
  }

  const ids = await batch.store.imports.insertComments(inserts);
  for (const [externalId, index] of insertedAt) batch.remember('comment', externalId, ids[index]!, hashes.get(externalId)!);
  await batch.store.imports.refreshCommentCounts([...touched]);
}

/**
 * Under its parent, as deep as threads go here (MAX_COMMENT_DEPTH); a reply deeper than that sits
 * beside its parent, as a reply written here would. A parent the import does not have (trashed at
 * the source) leaves the comment at the top.
 */
async function place(
  batch: BatchContext,
  comment: ImportedComment,
  seen: { inserts: readonly CommentInsert[]; insertedAt: Map<string, number>; known: Map<string, { localId: number }> },
): Promise<Placement> {
  const parentExternalId = comment.parentExternalId;
  if (!parentExternalId) return { parentId: null, depth: 1 };
  const index = seen.insertedAt.get(parentExternalId);
  if (index !== undefined) {
    const parent = seen.inserts[index]!;
    if (parent.depth < MAX_COMMENT_DEPTH) return { parentId: null, parentIndex: index, depth: parent.depth + 1 };
    return parent.parentIndex !== undefined
      ? { parentId: null, parentIndex: parent.parentIndex, depth: parent.depth }
      : { parentId: parent.parentId, depth: parent.depth };
  }
  const stored = seen.known.get(parentExternalId);
  const parent = stored ? await batch.store.comments.findById(stored.localId) : null;
  if (!parent) return { parentId: null, depth: 1 };
  if (parent.depth < MAX_COMMENT_DEPTH) return { parentId: parent.id, depth: parent.depth + 1 };
  return { parentId: parent.parentId, depth: parent.depth };
}

function textOf(comment: ImportedComment) {
  return {
    authorName: comment.authorName.trim() || 'Anonymous',
    authorEmail: comment.authorEmail.trim(),
    authorUrl: comment.authorUrl,
    bodySource: comment.bodySource,
    bodyHtml: comment.bodyHtml,
  };
}
