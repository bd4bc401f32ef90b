import type { Static } from 'typebox';
import type { ArticleDraft, EditorView } from '../../domain/articles/editor.ts';
import type { Article } from '../../domain/shared/model.ts';
import { fromZonedLocal, toZonedLocal } from '../../domain/shared/zoned-time.ts';
import { isTicked } from './forms.ts';
import type { EditorForm } from './schema.ts';
import type { EditorFields } from '../../domain/articles/repository.ts';
import type { FeaturedPictureDraft } from '../../domain/articles/featured-picture.ts';

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
  'imageId',
  'imageWordsFor',
  'imageAlt',
  'imageCaption',
  'imageCredit',
] as const;
export type EditorFieldName = (typeof EDITOR_FIELDS)[number];

const WHOLE_NUMBER = /^\d{1,15}$/;

/** The comma-separated tag names of the tags field, in order; a Chinese comma separates too. */
export function tagNames(typed: string): string[] {
  return typed
    .split(/[,，]/)
    .map((name) => name.trim().replace(/\s+/g, ' '))
    .filter((name) => name !== '');
}

/**
 * The editor's form as saveArticle's typed input: the checkbox as a boolean, the tags as a list, the
 * time read in the site's time zone, the byline and base revision as numbers.
 */
export function draftOf(form: Static<typeof EditorForm>, timeZone: string): ArticleDraft {
  const typedTime = form.publishedAt?.trim() ?? '';
  return {
    headline: form.headline ?? '',
    standfirst: form.standfirst ?? '',
    slug: form.slug ?? '',
    body: form.body ?? '',
    tags: tagNames(form.tags ?? ''),
    authorId: WHOLE_NUMBER.test(form.authorId ?? '') ? Number(form.authorId) : null,
    featured: isTicked(form.featured),
    publishedAt: typedTime ? (fromZonedLocal(typedTime, timeZone) ?? 'unreadable') : null,
    language: form.language ?? '',
    // Not sent at all (a script's form) is not checked; sent empty or garbled, it names no revision.
    ...(form.baseRevision === undefined
      ? {}
      : { baseRevision: WHOLE_NUMBER.test(form.baseRevision.trim()) ? Number(form.baseRevision.trim()) : null }),
    ...(form.imageId === undefined ? {} : { image: featuredPictureOf(form) }),
  };
}

/** The featured picture panel: no radio sent leaves the article's picture as it is; "No picture" sends an empty one. */
function featuredPictureOf(form: Static<typeof EditorForm>): FeaturedPictureDraft {
  const id = form.imageId?.trim() ?? '';
  return {
    id: WHOLE_NUMBER.test(id) ? Number(id) : null,
    ...(form.imageWordsFor?.trim() === id
      ? { words: { alt: form.imageAlt ?? '', caption: form.imageCaption ?? '', credit: form.imageCredit ?? '' } }
      : {}),
  };
}

/** Only the editor's own fields of a posted form or an autosave, so nothing else is kept or shown. */
export function editorFieldsOf(posted: Readonly<Record<string, string | undefined>>): EditorFields {
  const fields: Record<string, string> = {};
  for (const name of EDITOR_FIELDS) {
    const value = posted[name];
    if (typeof value === 'string') fields[name] = value;
  }
  return fields;
}

/**
 * The values the editor's form shows: what was typed (a refused form), or else the text autosave
 * kept, over the stored article (or a new one under the actor's byline), its time in `timeZone`.
 */
export function editorFormValues(view: EditorView, timeZone: string, typed?: EditorFields): Record<EditorFieldName, string> {
  const stored = view.article
    ? storedFields(view.article, timeZone, view.latestRevisionId)
    : { ...emptyFields(), authorId: String(view.defaultAuthorId) };
  const source = typed ?? view.restored?.fields;
  return source ? mergeFields(stored, source) : stored;
}

function emptyFields(): Record<EditorFieldName, string> {
  return Object.fromEntries(EDITOR_FIELDS.map((name) => [name, ''])) as Record<EditorFieldName, string>;
}

/** A stored article as the editor's fields, opened from its latest revision. */
function storedFields(article: Article, timeZone: string, latestRevisionId: number | null): Record<EditorFieldName, string> {
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
    imageId: article.image ? String(article.image.id) : '',
    imageWordsFor: article.image ? String(article.image.id) : '',
    imageAlt: article.image?.alt ?? '',
    imageCaption: article.image?.caption ?? '',
    imageCredit: article.image?.credit ?? '',
  };
}

/** A posted form or an autosave over the stored values; an unticked checkbox sends nothing. */
function mergeFields(stored: Record<EditorFieldName, string>, typed: EditorFields): Record<EditorFieldName, string> {
  const merged = { ...stored };
  for (const name of EDITOR_FIELDS) merged[name] = typed[name] ?? (name === 'featured' ? '' : stored[name]);
  return merged;
}
