import { checkSubmission, slugOf, storeArticle } from './articles.ts';
import { canonicalLanguage } from '../shared/locale.ts';
import { readAutosave, saveAutosave, type EditorFields } from './autosave.ts';
import { refuseStaleEdit } from './edit-conflict.ts';
import { ForbiddenError, NotFoundError, Problems, ValidationError } from '../shared/errors.ts';
import { renderArticleBody } from '../shared/markdown.ts';
import type { Article, ArticleStatus, AuthorRef, BodyFormat, Correction, TagRef } from '../shared/model.ts';
import { authorize, can, type Actor } from '../shared/policy.ts';
import { isValidSlug, slugify } from '../shared/slug.ts';
import type { ArticleRecord, Deps, Store } from '../store.ts';
import { EDITOR_FIELDS, emptyFields, fieldsOf, mergeFields, tagNames, text, type EditorFieldName } from './editor-form.ts';
import { fromZonedLocal, toZonedLocal } from '../shared/zoned-time.ts';

/** What the buttons of the editor ask for; a preview stores nothing, so it is not among them. */
export type SaveIntent = 'draft' | 'publish' | 'schedule' | 'update' | 'unpublish';
export const SAVE_INTENTS: readonly SaveIntent[] = ['draft', 'publish', 'schedule', 'update', 'unpublish'];

/** A byline the actor may write under. */
export type Byline = AuthorRef & { readonly id: number };

/** Everything the editor page shows besides the form's values. */
export interface EditorView {
  /** Null for a new article. */
  readonly article: Article | null;
  readonly fields: Readonly<Record<EditorFieldName, string>>;
  /** When the form shows unsaved text kept by autosave rather than the stored article. */
  readonly restoredFrom: Date | null;
  /** The time of the version the form shows, so the browser can tell whether its own copy is newer. */
  readonly shownVersion: Date | null;
  readonly bylines: readonly Byline[];
  readonly corrections: readonly Correction[];
  readonly may: { readonly publish: boolean; readonly correct: boolean };
}

/** The problems of checkSubmission under the names of the editor's fields. */
class EditorProblems extends Problems {
  private static readonly NAMES: Readonly<Record<string, EditorFieldName>> = { title: 'headline', date: 'publishedAt', author: 'authorId' };
  override add(field: string, message: string): void {
    super.add(EditorProblems.NAMES[field] ?? field, message);
  }
}

/**
 * The editor for a new article (`articleId` null) or a stored one. Text kept by autosave that is
 * newer than the article is shown instead, so nothing typed is lost; `typed` (a refused form) is
 * shown as it is.
 */
export async function readArticleForEditing(
  deps: Deps,
  input: { actor: Actor; articleId: number | null; timeZone: string; typed?: EditorFields },
): Promise<EditorView> {
  const article = await editableArticle(deps.store, input.actor, input.articleId);
  const [bylines, corrections, autosave, latest] = await Promise.all([
    bylinesFor(deps.store, input.actor, article),
    article ? deps.store.revisions.correctionsOf(article.id) : [],
    input.typed ? null : readAutosave(deps, { actor: input.actor, articleId: input.articleId }),
    article ? deps.store.revisions.latestFor(article.id) : null,
  ]);
  const stored = article
    ? fieldsOf(article, input.timeZone, latest?.id ?? null)
    : { ...emptyFields(), authorId: String(input.actor.authorId) };
  // A save drops the user's autosave, so one at least as new as the article was typed after it.
  const restore = autosave && (!article || autosave.savedAt >= article.updatedAt) ? autosave : null;
  const source = input.typed ?? restore?.fields;
  const ownership = { authorId: article?.authorId ?? input.actor.authorId, status: article?.status ?? 'draft' } as const;
  return {
    article,
    fields: source ? mergeFields(stored, source) : stored,
    restoredFrom: restore?.savedAt ?? null,
    shownVersion: restore?.savedAt ?? article?.updatedAt ?? null,
    bylines,
    corrections,
    may: { publish: can(input.actor, 'article.publish', ownership), correct: can(input.actor, 'article.correct', ownership) },
  };
}

/**
 * Saves the editor's form. The intent says what becomes of the article: kept as a draft, published
 * now, scheduled, updated in place (staying public) or unpublished. The article, its tags and a
 * revision are written in one transaction, and the user's autosave for it is dropped. A form typed
 * over an older revision than the latest is refused (EditConflictError): nobody's save is lost.
 */
export async function saveArticle(
  deps: Deps,
  input: { actor: Actor; articleId: number | null; fields: EditorFields; intent: SaveIntent; timeZone: string },
): Promise<Article> {
  const { actor, fields, intent } = input;
  return deps.store.transaction(async (store) => {
    const now = deps.clock.now();
    const existing = await editableArticle(store, actor, input.articleId);
    if (existing) await refuseStaleEdit(store, { actor, articleId: existing.id, typedBase: fields.baseRevision });
    const byline = await chosenByline(store, actor, existing, fields.authorId);
    const featured = fields.featured === 'on';
    const ownership = { authorId: byline.id, status: existing?.status ?? 'draft' } as const;
    const changesPublicState = intent !== 'draft' || (existing !== null && existing.status !== 'draft');
    if (changesPublicState || featured !== (existing?.featured ?? false)) authorize(actor, 'article.publish', ownership);

    const problems = new EditorProblems();
    const typedDate = readDate(fields.publishedAt, input.timeZone, existing, problems);
    const { status, publishedAt } = scheduleForIntent(intent, existing, typedDate, now, problems);
    const headline = text(fields.headline);
    // Emptying the slug of a public article keeps its address: readers' links must go on working.
    const typedSlug = text(fields.slug).trim() || (existing && existing.status !== 'draft' ? existing.slug : '');
    const slugProblem = await slugClash(store, slugOf({ headline, slug: typedSlug }), existing);
    if (slugProblem) problems.add('slug', slugProblem);
    const body = text(fields.body).replace(/\r\n?/g, '\n');
    const tags = tagNames(text(fields.tags));
    const { slug, language } = checkSubmission(
      {
        headline,
        standfirst: text(fields.standfirst),
        body,
        tags,
        author: byline.name,
        slug: typedSlug || undefined,
        date: publishedAt ?? undefined,
        status,
        language: text(fields.language).trim() || undefined,
      },
      problems,
    );
    const record: ArticleRecord = {
      slug,
      headline: headline.trim(),
      standfirst: text(fields.standfirst).trim(),
      bodySource: body,
      bodyFormat: existing?.bodyFormat ?? 'markdown',
      bodyHtml: renderArticleBody(body, existing?.bodyFormat),
      status,
      publishedAt,
      authorId: byline.id,
      updatedAt: now,
      language,
      featured,
    };
    const article = await storeArticle(store, { existing, record, tags, savedBy: actor.id, now });
    await store.autosaves.delete(actor.id, input.articleId ?? 0);
    return article;
  });
}

/**
 * The article as readers would see it with the form's unsaved values. Nothing is stored: tags
 * that do not exist yet are shown as they would be created.
 */
export async function previewArticle(
  deps: Deps,
  input: { actor: Actor; articleId: number | null; fields: EditorFields; timeZone: string },
): Promise<Article> {
  const { actor, fields } = input;
  const existing = await editableArticle(deps.store, actor, input.articleId);
  const byline = await chosenByline(deps.store, actor, existing, fields.authorId);
  const headline = text(fields.headline).trim();
  const body = text(fields.body);
  const date = fromZonedLocal(text(fields.publishedAt), input.timeZone);
  const now = deps.clock.now();
  return {
    id: existing?.id ?? 0,
    slug: slugOf({ headline, slug: text(fields.slug) }) || 'preview',
    headline: headline || 'Untitled article',
    standfirst: text(fields.standfirst).trim(),
    status: existing?.status ?? 'draft',
    publishedAt: date ?? existing?.publishedAt ?? now,
    updatedAt: now,
    author: { slug: byline.slug, name: byline.name },
    authorId: byline.id,
    featured: fields.featured === 'on',
    tags: await previewTags(deps.store, tagNames(text(fields.tags))),
    commentCount: existing?.commentCount ?? 0,
    language: text(fields.language).trim() ? canonicalLanguage(text(fields.language)) : null,
    bodySource: body,
    bodyFormat: existing?.bodyFormat ?? 'markdown',
    bodyHtml: renderArticleBody(body, existing?.bodyFormat),
    commentsOpen: existing?.commentsOpen ?? true,
    image: existing?.image ?? null,
  };
}

/** A stored article, whatever its status, for those who may edit it. */
export async function readArticlePreview(deps: Deps, input: { actor: Actor; articleId: number }): Promise<Article> {
  return (await editableArticle(deps.store, input.actor, input.articleId))!;
}

/**
 * The editor's live preview: the body rendered exactly as a save would render it, in the format
 * of the article being edited (an imported HTML body is sanitized, not read as Markdown).
 */
export function renderBodyPreview(input: { actor: Actor; body: string; format: BodyFormat }): string {
  authorize(input.actor, 'article.create');
  return renderArticleBody(input.body.replace(/\r\n?/g, '\n'), input.format);
}

/** Keeps the editor's unsaved text for its user; only the editor's own fields are kept. */
export async function autosaveArticle(deps: Deps, input: { actor: Actor; articleId: number | null; fields: EditorFields }): Promise<Date> {
  await editableArticle(deps.store, input.actor, input.articleId);
  const fields: Record<string, string> = {};
  for (const name of EDITOR_FIELDS) {
    const value = input.fields[name];
    if (typeof value === 'string') fields[name] = value;
  }
  return saveAutosave(deps, { actor: input.actor, articleId: input.articleId, fields });
}

/** The article, when the actor may edit it; null for a new one, which anyone in the newsroom may write. */
async function editableArticle(store: Store, actor: Actor, articleId: number | null): Promise<Article | null> {
  if (articleId === null) {
    authorize(actor, 'article.create');
    return null;
  }
  const article = await store.articles.findById(articleId);
  if (!article) throw new NotFoundError('The article');
  authorize(actor, 'article.edit', article);
  return article;
}

/**
 * The bylines the actor may choose: every staff byline they may write under (their own, or all for
 * an editor), and the article's current one, which may belong to no staff member.
 */
async function bylinesFor(store: Store, actor: Actor, article: Article | null): Promise<Byline[]> {
  const staff = await store.users.list();
  const bylines = new Map<number, Byline>();
  for (const user of staff) {
    if (!user.disabled && may(actor, user.author.id)) bylines.set(user.author.id, user.author);
  }
  if (article && !bylines.has(article.authorId)) bylines.set(article.authorId, { id: article.authorId, ...article.author });
  return [...bylines.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Whether the actor may write under this byline: when they may edit a draft signed with it. */
function may(actor: Actor, authorId: number): boolean {
  return can(actor, 'article.edit', { authorId, status: 'draft' });
}

async function chosenByline(store: Store, actor: Actor, article: Article | null, typedId: string | undefined): Promise<Byline> {
  const id = /^\d{1,15}$/.test(typedId ?? '') ? Number(typedId) : (article?.authorId ?? actor.authorId);
  if (id !== article?.authorId && !may(actor, id)) throw new ForbiddenError('You can only write under your own byline.');
  const byline = (await bylinesFor(store, actor, article)).find((candidate) => candidate.id === id);
  if (!byline) throw new ValidationError({ authorId: 'Choose one of the bylines in the list' });
  return byline;
}

/** What a button makes of the article's status and publication time; problems go to `problems`. */
export function scheduleForIntent(
  intent: SaveIntent,
  existing: Pick<Article, 'status' | 'publishedAt'> | null,
  typedDate: Date | null,
  now: Date,
  problems: Problems,
): { status: ArticleStatus; publishedAt: Date | null } {
  const isPublic = existing !== null && existing.status !== 'draft';
  switch (intent) {
    case 'draft':
      return { status: 'draft', publishedAt: typedDate };
    case 'unpublish':
      if (!isPublic) problems.addToForm('Only a published or scheduled article can be unpublished.');
      return { status: 'draft', publishedAt: typedDate ?? existing?.publishedAt ?? null };
    case 'publish':
      return { status: 'published', publishedAt: now };
    case 'schedule':
      if (!typedDate) problems.add('publishedAt', 'Choose the date and time to publish the article');
      else if (typedDate <= now) problems.add('publishedAt', 'Choose a time in the future to schedule the article, or publish it now');
      return { status: 'scheduled', publishedAt: typedDate };
    case 'update': {
      if (!isPublic) problems.addToForm('This article is not published yet: save it as a draft, publish it or schedule it.');
      const publishedAt = typedDate ?? existing?.publishedAt ?? now;
      return { status: publishedAt > now ? 'scheduled' : 'published', publishedAt };
    }
  }
}

/** The typed publication time; the stored one, to the millisecond, when the minute shown was left as it was. */
function readDate(typed: string | undefined, timeZone: string, existing: Article | null, problems: Problems): Date | null {
  if (!typed?.trim()) return null;
  if (existing?.publishedAt && typed.trim() === toZonedLocal(existing.publishedAt, timeZone)) return existing.publishedAt;
  const date = fromZonedLocal(typed, timeZone);
  if (!date) problems.add('publishedAt', 'Enter a date and a time, such as 25/11/2026 09:30');
  return date;
}

async function slugClash(store: Store, slug: string, existing: Article | null): Promise<string | null> {
  if (!isValidSlug(slug)) return null;
  const other = await store.articles.findBySlug(slug);
  if (!other || other.id === existing?.id) return null;
  return `Another article already has the address "${slug}" (“${other.headline}”). Choose another slug.`;
}

async function previewTags(store: Store, names: readonly string[]): Promise<TagRef[]> {
  const tags = new Map<string, TagRef>();
  for (const name of names) {
    const tag = (await store.tags.findByNameOrAlias(name)) ?? { slug: slugify(name) || 'tag', name };
    tags.set(tag.slug, { slug: tag.slug, name: tag.name });
  }
  return [...tags.values()];
}
