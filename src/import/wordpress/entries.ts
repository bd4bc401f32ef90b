import type { ImportedArticle, ImportedMedia, ImportedPage, ImportedSkip, ImportKind, ImportNote } from '../../domain/importing/records.ts';
import { legacyPathKey } from '../../domain/importing/legacy-paths.ts';
import type { ArticleStatus } from '../../domain/shared/model.ts';
import { wordpressBody } from './body.ts';
import { pageComments, postComments } from './comments.ts';
import { gmtOrLocal } from './dates.ts';
import { attachmentUrlOf, type WxrFacts } from './facts.ts';
import { mimeTypeOf } from './mime-types.ts';
import type { ShortcodeContext } from './shortcodes.ts';
import { itemTagId } from './terms.ts';
import { decodeSlug, singleLine, standfirstOf } from './text.ts';
import type { WxrItem } from './wxr.ts';

type ItemRecord = ImportedArticle | ImportedPage | ImportedMedia | ImportedSkip;

const KIND_OF_TYPE: Readonly<Record<string, ImportKind>> = { post: 'article', page: 'page', attachment: 'media' };

/**
 * What one item becomes: an article, a page or a media record, or a skip saying why not; and a
 * skip for each of its comments that is not imported. The first pass has checked the item.
 */
export function itemRecords(item: WxrItem, facts: WxrFacts): ItemRecord[] {
  const type = item.postType.trim();
  const kind = KIND_OF_TYPE[type];
  // Revisions, menu items, reusable blocks and plugins' own types are counted with the posts.
  if (!kind) return [skipOf(item, 'article', { code: 'unsupported_type', detail: type || 'no post type' })];
  const left = leftOut(item);
  if (left) return [skipOf(item, kind, left)];
  if (kind === 'media') return [mediaRecord(item, facts)];
  if (kind === 'page') return [pageRecord(item, facts), ...pageComments(item.comments)];
  const article = articleRecord(item, facts);
  return [article.record, ...article.skippedComments];
}

function leftOut(item: WxrItem): ImportNote | null {
  const status = item.status.trim();
  if (status === 'trash') return { code: 'trash' };
  if (status === 'auto-draft') return { code: 'auto_draft' };
  return null;
}

function skipOf(item: WxrItem, of: ImportKind, note: ImportNote): ImportedSkip {
  return { kind: 'skip', of, externalId: item.postId!.trim(), title: singleLine(item.title), note };
}

/**
 * WordPress's statuses in Broadsheet's terms. Nothing that readers could not see there becomes
 * public here: a password, or a private or pending status, makes a draft with a note saying why,
 * and so does a status a plugin invented. Trash and auto-drafts never get this far.
 */
function statusOf(item: WxrItem): { status: ArticleStatus; notes: ImportNote[] } {
  const notes: ImportNote[] = [];
  if (item.postPassword.trim() !== '') notes.push({ code: 'password_protected' });
  const status = item.status.trim();
  if (status === 'private') notes.push({ code: 'private' });
  if (status === 'pending') notes.push({ code: 'pending_review' });
  if (notes.length > 0) return { status: 'draft', notes };
  if (status === 'publish') return { status: 'published', notes };
  if (status === 'future') return { status: 'scheduled', notes };
  return { status: 'draft', notes };
}

/** What articles and pages share: dates, body, byline and the old addresses. */
function entryFields(item: WxrItem, facts: WxrFacts, oldIdParameter: 'p' | 'page_id') {
  const id = item.postId!.trim();
  // The first pass refused items with neither a post date nor a modification date.
  const createdAt = gmtOrLocal(item.postDateGmt, item.postDate) ?? gmtOrLocal(item.postModifiedGmt, item.postModified)!;
  const modifiedAt = gmtOrLocal(item.postModifiedGmt, item.postModified);
  const body = wordpressBody(item.content, shortcodeContext(id, facts));
  return {
    createdAt,
    body,
    entry: {
      externalId: id,
      slug: decodeSlug(item.postName) || null,
      bodySource: body.html,
      bodyFormat: 'html' as const,
      bodyHtml: body.html,
      createdAt,
      updatedAt: modifiedAt && modifiedAt > createdAt ? modifiedAt : createdAt,
      authorExternalId: item.creator.trim() || null,
      legacyPaths: legacyPaths(item, `?${oldIdParameter}=${id}`),
    },
  };
}

function articleRecord(item: WxrItem, facts: WxrFacts): { record: ImportedArticle; skippedComments: ImportedSkip[] } {
  const { entry, body, createdAt } = entryFields(item, facts, 'p');
  const { status, notes } = statusOf(item);
  const comments = postComments(item.comments);
  const thumbnail = item.meta.get('_thumbnail_id')?.trim() ?? '';
  const record: ImportedArticle = {
    kind: 'article',
    ...entry,
    headline: singleLine(item.title),
    standfirst: standfirstOf(item.excerpt),
    status,
    publishedAt: status === 'draft' ? null : createdAt,
    tagExternalIds: tagIdsOf(item),
    featuredMediaExternalId: /^[1-9]\d*$/.test(thumbnail) ? thumbnail : null,
    featured: false,
    commentsOpen: item.commentStatus.trim() === 'open',
    language: null,
    oldSlugs: [],
    corrections: [],
    comments: comments.comments,
    notes: [...notes, ...body.notes],
  };
  return { record, skippedComments: comments.skipped };
}

function pageRecord(item: WxrItem, facts: WxrFacts): ImportedPage {
  const { entry, body, createdAt } = entryFields(item, facts, 'page_id');
  const { status, notes } = statusOf(item);
  // Pages cannot be scheduled here: a page WordPress would publish later waits as a draft.
  const published = status === 'published';
  return {
    kind: 'page',
    ...entry,
    title: singleLine(item.title),
    status: published ? 'published' : 'draft',
    publishedAt: published ? createdAt : null,
    notes: [...notes, ...body.notes],
  };
}

function mediaRecord(item: WxrItem, facts: WxrFacts): ImportedMedia {
  const id = item.postId!.trim();
  const url = attachmentUrlOf(item);
  const parent = item.postParent.trim();
  return {
    kind: 'media',
    externalId: id,
    url,
    title: singleLine(item.title),
    alt: singleLine(item.meta.get('_wp_attachment_image_alt') ?? ''),
    caption: singleLine(item.excerpt),
    mimeType: mimeTypeOf(item.meta.get('_wp_attached_file') || url),
    attachedToExternalId: /^[1-9]\d*$/.test(parent) ? parent : null,
    featuredOnExternalIds: facts.featuredOn.get(id) ?? [],
    createdAt: gmtOrLocal(item.postDateGmt, item.postDate) ?? gmtOrLocal(item.postModifiedGmt, item.postModified)!,
    legacyPaths: legacyPaths(item, `?attachment_id=${id}`),
  };
}

/** Categories first, then tags, each in file order, each once. */
function tagIdsOf(item: WxrItem): string[] {
  const ids = item.terms.flatMap((term) => itemTagId(term) ?? []);
  return [...new Set([...ids.filter((id) => id.startsWith('category:')), ...ids.filter((id) => !id.startsWith('category:'))])];
}

/**
 * The old site's addresses of an item: its permalink, its `?p=` form, and its guid when that is
 * a `?p=` address with another id (a post WordPress itself imported from an older site). Each
 * address is kept once, as legacyPathKey will store it.
 */
function legacyPaths(item: WxrItem, idForm: string): string[] {
  const addresses = [item.link.trim(), idForm];
  const guid = item.guid.trim();
  if (/[?&](?:p|page_id|attachment_id)=\d+/.test(guid)) addresses.push(guid);
  const seen = new Set<string>();
  return addresses.filter((address) => {
    const key = legacyPathKey(address);
    if (key === null || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function shortcodeContext(postId: string, facts: WxrFacts): ShortcodeContext {
  return {
    postId,
    attachment: (id) => facts.attachments.get(id),
    attachmentsOf: (id) => facts.attachmentsOf.get(id) ?? [],
  };
}
