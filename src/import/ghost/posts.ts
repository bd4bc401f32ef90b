import { canonicalLanguage } from '../../domain/shared/locale.ts';
import { renderArticleBody } from '../../domain/shared/markdown.ts';
import type { ArticleStatus } from '../../domain/shared/model.ts';
import {
  ImportFileError,
  type ImportedArticle,
  type ImportedMedia,
  type ImportedPage,
  type ImportedSkip,
  type ImportNote,
} from '../../domain/importing/records.ts';
import { describePath, type JsonPath } from '../json-rows.ts';
import { asRow, dateOf, flagOf, plainText, requiredId, textOf, type GhostRow } from './fields.ts';
import type { GhostSite } from './site.ts';

export type GhostPostRecord = ImportedArticle | ImportedPage | ImportedMedia | ImportedSkip;

/**
 * One row of Ghost's posts table as records: the feature image first (the entry links to it),
 * then the article or page. Throws ImportFileError, naming the field, for a row that cannot be
 * imported: no id, no slug, or a date that is no date.
 */
export function recordsOfPost(value: unknown, path: JsonPath, site: GhostSite): GhostPostRecord[] {
  const { post, id, title, type, slug, dates } = checkPost(value, path);
  if (type !== 'post' && type !== 'page') {
    return [{ kind: 'skip', of: 'article', externalId: id, title, note: { code: 'unsupported_type', detail: type } }];
  }
  const notes: ImportNote[] = [];
  const membersOnly = !['', 'public'].includes(textOf(post, 'visibility'));
  if (membersOnly) notes.push({ code: 'members_only', detail: textOf(post, 'visibility') });
  const html = resolveSiteUrl(textOf(post, 'html'), site);
  if (!html.trim()) notes.push({ code: 'body_empty' });
  const body = renderArticleBody(html, 'html');
  const featureImage = resolveSiteUrl(textOf(post, 'feature_image') || textOf(post, 'image'), site).trim();
  const media = featureImage ? featureImageRecord(id, featureImage, site.featureImageTextOf(id, post), dates.createdAt) : null;
  const status = membersOnly ? 'draft' : statusOf(textOf(post, 'status'));

  const entry = {
    externalId: id,
    slug,
    bodySource: body,
    bodyFormat: 'html' as const,
    bodyHtml: body,
    // Ghost keeps the date of a scheduled post in published_at; a published post without one was published when written.
    publishedAt: dates.publishedAt ?? (status === 'published' ? dates.createdAt : null),
    createdAt: dates.createdAt,
    updatedAt: dates.updatedAt,
    authorExternalId: site.primaryAuthorOf(id, post),
    // Ghost's default permalink; a site with custom routes has other addresses besides.
    legacyPaths: [`/${slug}/`],
    notes,
  };
  if (type === 'page') {
    const page: ImportedPage = { ...entry, kind: 'page', title, status: status === 'published' ? 'published' : 'draft' };
    return media ? [media, page] : [page];
  }
  const language = textOf(post, 'locale').trim();
  const article: ImportedArticle = {
    ...entry,
    kind: 'article',
    headline: title,
    standfirst: textOf(post, 'custom_excerpt').trim(),
    status: status === 'scheduled' && !dates.publishedAt ? 'draft' : status,
    tagExternalIds: site.tagsOf(id),
    featuredMediaExternalId: media ? media.externalId : null,
    featured: flagOf(post, 'featured'),
    commentsOpen: true,
    language: language ? canonicalLanguage(language) : null,
    oldSlugs: [],
    corrections: [],
    // Ghost's own comments are members' data, which its export leaves out.
    comments: [],
  };
  return media ? [media, article] : [article];
}

/** What every row of the posts table must have; throws ImportFileError at the first thing missing. */
export function checkPost(value: unknown, path: JsonPath) {
  const post = asRow(value, path, 'a post');
  const id = requiredId(post, path, 'a post');
  const title = textOf(post, 'title');
  const type = postType(post);
  const slug = textOf(post, 'slug').trim();
  if (!slug && (type === 'post' || type === 'page')) {
    throw new ImportFileError(`the post "${title || id}" has no slug`, { path: describePath(path, 'slug') });
  }
  return { post, id, title, type, slug, dates: datesOf(post, path) };
}

/** Ghost 2 and later say `type`; earlier exports had a `page` flag. */
function postType(post: GhostRow): string {
  const type = textOf(post, 'type').trim();
  if (type) return type;
  return flagOf(post, 'page') ? 'page' : 'post';
}

/** "sent" is a post that went out as a newsletter; its web copy is published. */
function statusOf(status: string): ArticleStatus {
  if (status === 'published' || status === 'sent') return 'published';
  if (status === 'scheduled') return 'scheduled';
  return 'draft';
}

function datesOf(post: GhostRow, path: JsonPath): { createdAt: Date; updatedAt: Date; publishedAt: Date | null } {
  const publishedAt = dateOf(post, 'published_at', path);
  const updated = dateOf(post, 'updated_at', path);
  const createdAt = dateOf(post, 'created_at', path) ?? publishedAt ?? updated;
  if (!createdAt) throw new ImportFileError('a post without any date', { path: describePath(path, 'created_at') });
  const updatedAt = updated && updated.getTime() >= createdAt.getTime() ? updated : createdAt;
  return { createdAt, updatedAt, publishedAt };
}

function featureImageRecord(postId: string, url: string, text: { alt: string; caption: string }, createdAt: Date): ImportedMedia {
  return {
    kind: 'media',
    externalId: `feature:${postId}`,
    url,
    title: '',
    alt: plainText(text.alt),
    caption: plainText(text.caption),
    mimeType: mimeTypeOf(url),
    attachedToExternalId: null,
    featuredOnExternalIds: [postId],
    createdAt,
    legacyPaths: [],
  };
}

const IMAGE_TYPES: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  svg: 'image/svg+xml',
};

function mimeTypeOf(url: string): string {
  const extension = /\.([a-z0-9]+)(?:[?#]|$)/i.exec(url)?.[1]?.toLowerCase();
  return (extension && IMAGE_TYPES[extension]) ?? '';
}

/**
 * Ghost 4 and later write `__GHOST_URL__` where the site's own address goes, so that a site can
 * move. With the address unknown the links become root-relative: they work again once the old
 * site's files are served from the new one.
 */
function resolveSiteUrl(text: string, site: GhostSite): string {
  return text.includes('__GHOST_URL__') ? text.replaceAll('__GHOST_URL__', site.siteUrl() ?? '') : text;
}
