import type { EditorFields } from './autosave.ts';
import type { Article } from '../shared/model.ts';
import { toZonedLocal } from '../shared/zoned-time.ts';

/**
 * The editor form's fields, by name. An autosave or a refused form holds the same names.
 * `baseRevision` is hidden: the revision the text was typed over (empty when the article had none).
 */
export const EDITOR_FIELDS = [
  'headline',
  'standfirst',
  'slug',
  'body',
  'tags',
  'authorId',
  'featured',
  'publishedAt',
  'language',
  'baseRevision',
] as const;
export type EditorFieldName = (typeof EDITOR_FIELDS)[number];

/** The comma-separated tag names of the tags field, in order; a Chinese comma separates too. */
export function tagNames(typed: string): string[] {
  return typed
    .split(/[,，]/)
    .map((name) => name.trim().replace(/\s+/g, ' '))
    .filter((name) => name !== '');
}

/** A form value; a field not sent reads as empty. */
export function text(value: string | undefined): string {
  return value ?? '';
}

/** The fields of a new article's form. */
export function emptyFields(): Record<EditorFieldName, string> {
  return Object.fromEntries(EDITOR_FIELDS.map((name) => [name, ''])) as Record<EditorFieldName, string>;
}

/** A stored article as the editor's fields, its time shown in `timeZone`, opened from its latest revision. */
export function fieldsOf(article: Article, timeZone: string, latestRevisionId: number | null): Record<EditorFieldName, string> {
  return {
    headline: article.headline,
    standfirst: article.standfirst,
    slug: article.slug,
    body: article.bodySource,
    tags: article.tags.map((tag) => tag.name).join(', '),
    authorId: String(article.authorId),
    featured: article.featured ? 'on' : '',
    publishedAt: article.publishedAt ? toZonedLocal(article.publishedAt, timeZone) : '',
    language: article.language ?? '',
    baseRevision: latestRevisionId === null ? '' : String(latestRevisionId),
  };
}

/** A posted form or an autosave over the stored values; an unticked checkbox sends nothing. */
export function mergeFields(stored: Record<EditorFieldName, string>, typed: EditorFields): Record<EditorFieldName, string> {
  const merged = { ...stored };
  for (const name of EDITOR_FIELDS) merged[name] = typed[name] ?? (name === 'featured' ? '' : stored[name]);
  return merged;
}
