import { isPlainTextComment } from '../../domain/exporting/comment-bodies.ts';
import { sanitizeCommentHtml } from '../../domain/shared/html-sanitize.ts';
import { linkableAddress } from '../../domain/shared/web-address.ts';
import { renderArticleBody } from '../../domain/shared/markdown.ts';
import { ARTICLE_STATUSES, BODY_FORMATS, COMMENT_STATUSES, type SitePageStatus } from '../../domain/shared/model.ts';
import type {
  ImportedArticle,
  ImportedAuthor,
  ImportedComment,
  ImportedMedia,
  ImportedPage,
  ImportedTag,
} from '../../domain/importing/records.ts';
import type { JsonPath } from '../json-rows.ts';
import { Fields } from './fields.ts';

const PAGE_STATUSES: readonly SitePageStatus[] = ['draft', 'published'];

/** Ids are numbers in the export and text in import records: the same id, written as text. */
const ref = (id: number) => String(id);
const optionalRef = (id: number | null) => (id === null ? null : ref(id));

export function authorRecord(value: unknown, path: JsonPath): ImportedAuthor {
  const fields = new Fields(value, path);
  return {
    kind: 'author',
    externalId: ref(fields.id('id')),
    name: fields.text('name'),
    slug: fields.text('slug'),
    bio: fields.text('bio'),
    legacyPaths: fields.texts('legacyPaths'),
  };
}

export function tagRecord(value: unknown, path: JsonPath): ImportedTag {
  const fields = new Fields(value, path);
  return {
    kind: 'tag',
    externalId: ref(fields.id('id')),
    name: fields.text('name'),
    slug: fields.text('slug'),
    description: fields.text('description'),
    parentExternalId: optionalRef(fields.optionalId('parentId')),
    isSection: fields.flag('isSection'),
    aliases: fields.list('aliases').map((alias) => {
      const aliasFields = new Fields(alias.value, alias.path);
      return { name: aliasFields.text('name'), slug: aliasFields.text('slug') };
    }),
    legacyPaths: fields.texts('legacyPaths'),
  };
}

/** `featuredOn`: the articles whose lead image it is, gathered from their `imageId`s. */
export function mediaRecord(value: unknown, path: JsonPath, featuredOn: readonly number[]): ImportedMedia {
  const fields = new Fields(value, path);
  return {
    kind: 'media',
    externalId: ref(fields.id('id')),
    url: fields.text('url'),
    title: fields.text('title'),
    alt: fields.text('alt'),
    caption: fields.text('caption'),
    mimeType: fields.text('mimeType'),
    attachedToExternalId: optionalRef(fields.optionalId('articleId')),
    featuredOnExternalIds: featuredOn.map(ref),
    createdAt: fields.date('createdAt'),
    legacyPaths: fields.texts('legacyPaths'),
  };
}

/**
 * How much work to do: `check` only reads and checks the fields; `read` also makes the HTML, which
 * for a body is always made again here from its source, never taken from the file.
 */
export type Mode = 'check' | 'read';

function entryFields(fields: Fields, mode: Mode) {
  const bodyFormat = fields.oneOf('bodyFormat', BODY_FORMATS);
  const bodySource = fields.text('bodySource');
  return {
    externalId: ref(fields.id('id')),
    slug: fields.text('slug'),
    bodySource,
    bodyFormat,
    bodyHtml: mode === 'read' ? renderArticleBody(bodySource, bodyFormat) : '',
    publishedAt: fields.optionalDate('publishedAt'),
    createdAt: fields.date('createdAt'),
    updatedAt: fields.date('updatedAt'),
    authorExternalId: ref(fields.id('authorId')),
    legacyPaths: fields.texts('legacyPaths'),
    notes: [],
  };
}

export function articleRecord(value: unknown, path: JsonPath, mode: Mode): ImportedArticle {
  const fields = new Fields(value, path);
  const imageId = fields.optionalId('imageId');
  return {
    kind: 'article',
    ...entryFields(fields, mode),
    headline: fields.text('headline'),
    standfirst: fields.text('standfirst'),
    status: fields.oneOf('status', ARTICLE_STATUSES),
    tagExternalIds: fields.ids('tagIds').map(ref),
    featuredMediaExternalId: optionalRef(imageId),
    featured: fields.flag('featured'),
    commentsOpen: fields.flag('commentsOpen'),
    language: fields.optionalText('language'),
    oldSlugs: fields.texts('oldSlugs'),
    corrections: fields.list('corrections').map((correction) => {
      const correctionFields = new Fields(correction.value, correction.path);
      return { body: correctionFields.text('body'), createdAt: correctionFields.date('createdAt') };
    }),
    comments: parentsFirst(fields.list('comments').map(({ value: comment, path: at }) => commentRecord(comment, at, mode))),
  };
}

export function pageRecord(value: unknown, path: JsonPath, mode: Mode): ImportedPage {
  const fields = new Fields(value, path);
  return { kind: 'page', ...entryFields(fields, mode), title: fields.text('title'), status: fields.oneOf('status', PAGE_STATUSES) };
}

function commentRecord(value: unknown, path: JsonPath, mode: Mode): ImportedComment {
  const fields = new Fields(value, path);
  const bodySource = fields.text('bodySource');
  const shown = fields.text('bodyHtml');
  // A comment written here is what Broadsheet renders from its text; HTML from elsewhere is trusted no further than the sanitizer.
  const bodyHtml = mode === 'check' || isPlainTextComment({ bodySource, bodyHtml: shown }) ? shown : sanitizeCommentHtml(shown);
  const url = fields.optionalText('authorUrl');
  const website = linkableAddress(url);
  return {
    externalId: ref(fields.id('id')),
    parentExternalId: optionalRef(fields.optionalId('parentId')),
    authorName: fields.text('authorName'),
    authorEmail: fields.text('authorEmail'),
    authorUrl: website,
    clientAddress: null,
    clientAddressHash: fields.text('clientAddressHash'),
    bodySource,
    bodyHtml,
    status: fields.oneOf('status', COMMENT_STATUSES),
    createdAt: fields.date('createdAt'),
    editedAt: fields.optionalDate('editedAt'),
    notes: url && !website ? [{ code: 'website_dropped', detail: url }] : [],
  };
}

/** Exports list comments by id, which puts parents first already; a hand-edited file may not. */
function parentsFirst(comments: readonly ImportedComment[]): ImportedComment[] {
  const ids = new Set(comments.map((c) => c.externalId));
  const placed = new Set<string>();
  const ordered: ImportedComment[] = [];
  let waiting = [...comments];
  while (waiting.length > 0) {
    const before = ordered.length;
    for (const comment of waiting) {
      const parent = comment.parentExternalId;
      if (parent && ids.has(parent) && !placed.has(parent)) continue;
      ordered.push(comment);
      placed.add(comment.externalId);
    }
    // A loop of parents cannot be put in order; the applier files such comments at the top.
    if (ordered.length === before) ordered.push(...waiting.filter((c) => !placed.has(c.externalId)));
    waiting = ordered.length === before ? [] : waiting.filter((c) => !placed.has(c.externalId));
  }
  return ordered;
}
