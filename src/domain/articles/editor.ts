import { checkSubmission, slugOf, storeArticle } from './articles.ts';
import { canonicalLanguage } from '../shared/locale.ts';
import { readAutosave, saveAutosave } from './autosave.ts';
import { refuseStaleEdit } from './edit-conflict.ts';
import { ForbiddenError, NotFoundError, Problems, ValidationError } from '../shared/errors.ts';
import { checkBodyPictures, renderBody } from './body-pictures.ts';
import type { Article, ArticleStatus, AuthorRef, BodyFormat, Correction, TagRef } from '../shared/model.ts';
import { authorize, can, type StaffActor } from '../shared/policy.ts';
import { isValidSlug, slugify } from '../shared/slug.ts';
import type { ArticlesDeps, ArticlesStore } from './ports.ts';
import { toZonedLocal } from '../shared/zoned-time.ts';
import type { ArticleRecord, Autosave, EditorFields } from './repository.ts';
import { checkFeaturedPicture, describeFeaturedPicture, findPictureChoices, type FeaturedPictureDraft } from './featured-picture.ts';
import type { DeliveredPicture } from '../media/delivery.ts';

/** What the buttons of the editor ask for; a preview stores nothing, so it is not among them. */
export type SaveIntent = 'draft' | 'publish' | 'schedule' | 'update' | 'unpublish';
export const SAVE_INTENTS: readonly SaveIntent[] = ['draft', 'publish', 'schedule', 'update', 'unpublish'];

/** What the editor asks saveArticle to store, read from its form at the edge. */
export interface ArticleDraft {
  readonly headline: string;
  readonly standfirst: string;
  /** Empty: made from the headline (a public article keeps its own). */
  readonly slug: string;
  readonly body: string;
  readonly tags: readonly string[];
  /** The byline chosen; null keeps the article's, or the actor's own for a new one. */
  readonly authorId: number | null;
  readonly featured: boolean;
  /** The publication time typed: null when none was, `unreadable` when it is no date and time. */
  readonly publishedAt: Date | null | 'unreadable';
  /** A language tag such as `zh-Hant`; empty for the site's language. */
  readonly language: string;
  /**
   * The revision the text was typed over, so a save over someone else's newer one is refused; null
   * when the article had none, absent when the client does not say (nothing is checked then).
   */
  readonly baseRevision?: number | null;
  /** The featured picture and its words; absent leaves the article's as it is (a form without the panel). */
  readonly image?: FeaturedPictureDraft;
}

/** A byline the actor may write under. */
export type Byline = AuthorRef & { readonly id: number };

/** Everything the editor page shows besides the form's values. */
export interface EditorView {
  /** Null for a new article. */
  readonly article: Article | null;
  /** The byline a new article starts under: the actor's own. */
  readonly defaultAuthorId: number;
  /** The article's latest revision, the one the form is opened from; null for none. */
  readonly latestRevisionId: number | null;
  /** Unsaved text kept by autosave that is newer than the article, shown instead of it. */
  readonly restored: Autosave | null;
  /** When the form shows unsaved text kept by autosave rather than the stored article. */
  readonly restoredFrom: Date | null;
  /** The time of the version the form shows, so the browser can tell whether its own copy is newer. */
  readonly shownVersion: Date | null;
  readonly bylines: readonly Byline[];
  readonly corrections: readonly Correction[];
  readonly may: { readonly publish: boolean; readonly correct: boolean };
  /** The pictures the featured picture panel offers: the article's own and the newest uploads. */
  readonly pictures: readonly DeliveredPicture[];
}

/** The problems of checkSubmission under the names of saveArticle's input (ArticleDraft). */
class EditorProblems extends Problems {
  private static readonly NAMES: Readonly<Record<string, keyof ArticleDraft>> = {
    title: 'headline',
    date: 'publishedAt',
    author: 'authorId',
  };
  override add(field: string, message: string): void {
    super.add(EditorProblems.NAMES[field] ?? field, message);
  }
}

/**
 * The editor for a new article (`articleId` null) or a stored one. Text kept by autosave that is
 * newer than the article is offered instead, so nothing typed is lost; a refused form, shown as it
 * was typed, asks for none (`restoreAutosave` false).
 */
export async function readArticleForEditing(
  deps: ArticlesDeps,
  input: { actor: StaffActor; articleId: number | null; restoreAutosave?: boolean },
): Promise<EditorView> {
  const article = await editableArticle(deps.store, input.actor, input.articleId);
  const [bylines, corrections, autosave, latest, pictures] = await Promise.all([
    bylinesFor(deps.store, input.actor, article),
    article ? deps.store.revisions.correctionsOf(article.id) : [],
    input.restoreAutosave === false ? null : readAutosave(deps, { actor: input.actor, articleId: input.articleId }),
    article ? deps.store.revisions.latestFor(article.id) : null,
    findPictureChoices(deps, { actor: input.actor, text: '' }),
  ]);
  // A save drops the user's autosave, so one at least as new as the article was typed after it.
  const restore = autosave && (!article || autosave.savedAt >= article.updatedAt) ? autosave : null;
  const ownership = { authorId: article?.authorId ?? input.actor.authorId, status: article?.status ?? 'draft' } as const;
  return {
    article,
    defaultAuthorId: input.actor.authorId,
    latestRevisionId: latest?.id ?? null,
    restored: restore,
    restoredFrom: restore?.savedAt ?? null,
    shownVersion: restore?.savedAt ?? article?.updatedAt ?? null,
    bylines,
    corrections,
    may: { publish: can(input.actor, 'article.publish', ownership), correct: can(input.actor, 'article.correct', ownership) },
    // The article's own picture is offered even when it is no longer among the newest.
    pictures: article?.image && !pictures.some((picture) => picture.id === article.image!.id) ? [article.image, ...pictures] : pictures,
  };
}

/**
 * Saves the editor's draft. The intent says what becomes of the article: kept as a draft, published
 * now, scheduled, updated in place (staying public) or unpublished. The article, its tags and a
 * revision are written in one transaction, and the user's autosave for it is dropped. A form typed
 * over an older revision than the latest is refused (EditConflictError): nobody's save is lost.
 */
export async function saveArticle(
  deps: ArticlesDeps,
  input: { actor: StaffActor; articleId: number | null; draft: ArticleDraft; intent: SaveIntent; timeZone: string },
): Promise<Article> {
  const { actor, draft, intent } = input;
  return deps.store.transaction(async (store) => {
    const now = deps.clock.now();
    const existing = await editableArticle(store, actor, input.articleId);
    if (existing) await refuseStaleEdit(store, { actor, articleId: existing.id, base: draft.baseRevision });
    const byline = await chosenByline(store, actor, existing, draft.authorId);
    const { featured } = draft;
    const ownership = { authorId: byline.id, status: existing?.status ?? 'draft' } as const;
    const changesPublicState = intent !== 'draft' || (existing !== null && existing.status !== 'draft');
    if (changesPublicState || featured !== (existing?.featured ?? false)) authorize(actor, 'article.publish', ownership);

    const problems = new EditorProblems();
    const typedDate = readDate(draft.publishedAt, input.timeZone, existing, problems);
    const { status, publishedAt } = scheduleForIntent(intent, existing, typedDate, now, problems);
    const { headline, tags } = draft;
    // Emptying the slug of a public article keeps its address: readers' links must go on working.
    const typedSlug = draft.slug.trim() || (existing && existing.status !== 'draft' ? existing.slug : '');
    const picture = await checkFeaturedPicture(store, { draft: draft.image, existing, status, problems });
    const slugProblem = await slugClash(store, slugOf({ headline, slug: typedSlug }), existing);
    if (slugProblem) problems.add('slug', slugProblem);
    const body = draft.body.replace(/\r\n?/g, '\n');
    const rendered = await renderBody(store, deps.figures, { source: body, format: existing?.bodyFormat ?? 'markdown' });
    checkBodyPictures(rendered.pictures, { public: status !== 'draft' }, problems);
    const { slug, language } = checkSubmission(
      {
        headline,
        standfirst: draft.standfirst,
        body,
        tags,
        author: byline.name,
        slug: typedSlug || undefined,
        date: publishedAt ?? undefined,
        status,
        language: draft.language.trim() || undefined,
      },
      problems,
    );
    const record: ArticleRecord = {
      slug,
      headline: headline.trim(),
      standfirst: draft.standfirst.trim(),
      bodySource: body,
      bodyFormat: existing?.bodyFormat ?? 'markdown',
      bodyHtml: rendered.html,
      status,
      publishedAt,
      authorId: byline.id,
      updatedAt: now,
      language,
      featured,
      ...(picture.imageId === undefined ? {} : { imageId: picture.imageId }),
    };
    await describeFeaturedPicture(store, picture);
    const article = await storeArticle(store, { existing, record, tags, savedBy: actor.id, now });
    await store.autosaves.delete(actor.id, input.articleId ?? 0);
    return article;
  });
}

/**
 * The article as readers would see it with the editor's unsaved draft. Nothing is stored: tags
 * that do not exist yet are shown as they would be created.
 */
export async function previewArticle(
  deps: ArticlesDeps,
  input: { actor: StaffActor; articleId: number | null; draft: ArticleDraft },
): Promise<Article> {
  const { actor, draft } = input;
  const existing = await editableArticle(deps.store, actor, input.articleId);
  const byline = await chosenByline(deps.store, actor, existing, draft.authorId);
  const headline = draft.headline.trim();
  const { body } = draft;
  const date = draft.publishedAt instanceof Date ? draft.publishedAt : null;
  const now = deps.clock.now();
  return {
    id: existing?.id ?? 0,
    slug: slugOf({ headline, slug: draft.slug }) || 'preview',
    headline: headline || 'Untitled article',
    standfirst: draft.standfirst.trim(),
    status: existing?.status ?? 'draft',
    publishedAt: date ?? existing?.publishedAt ?? now,
    updatedAt: now,
    author: { slug: byline.slug, name: byline.name },
    authorId: byline.id,
    featured: draft.featured,
    tags: await previewTags(deps.store, draft.tags),
    commentCount: existing?.commentCount ?? 0,
    language: draft.language.trim() ? canonicalLanguage(draft.language) : null,
    bodySource: body,
    bodyFormat: existing?.bodyFormat ?? 'markdown',
    bodyHtml: (await renderBody(deps.store, deps.figures, { source: body, format: existing?.bodyFormat ?? 'markdown' })).html,
    commentsOpen: existing?.commentsOpen ?? true,
    image: draft.image ? await previewPicture(deps.store, draft.image) : (existing?.image ?? null),
  };
}

/** The picture the preview shows as the lead, with the words typed for it. */
async function previewPicture(store: ArticlesStore, chosen: FeaturedPictureDraft): Promise<DeliveredPicture | null> {
  if (chosen.id === null) return null;
  const picture = (await store.library.findPictures([chosen.id])).get(chosen.id);
  return picture ? { ...picture, ...chosen.words } : null;
}

/** A stored article, whatever its status, for those who may edit it. */
export async function readArticlePreview(deps: ArticlesDeps, input: { actor: StaffActor; articleId: number }): Promise<Article> {
  return (await editableArticle(deps.store, input.actor, input.articleId))!;
}

/**
 * The editor's live preview: the body rendered exactly as a save would render it, in the format
 * of the article being edited (an imported HTML body is sanitized, not read as Markdown).
 */
export async function renderBodyPreview(
  deps: ArticlesDeps,
  input: { actor: StaffActor; body: string; format: BodyFormat },
): Promise<string> {
  authorize(input.actor, 'article.create');
  return (await renderBody(deps.store, deps.figures, { source: input.body.replace(/\r\n?/g, '\n'), format: input.format })).html;
}

/** Keeps the editor's unsaved text for its user, when they may edit the article. */
export async function autosaveArticle(
  deps: ArticlesDeps,
  input: { actor: StaffActor; articleId: number | null; fields: EditorFields },
): Promise<Date> {
  await editableArticle(deps.store, input.actor, input.articleId);
  return saveAutosave(deps, { actor: input.actor, articleId: input.articleId, fields: input.fields });
}

/** The article, when the actor may edit it; null for a new one, which anyone in the newsroom may write. */
async function editableArticle(store: ArticlesStore, actor: StaffActor, articleId: number | null): Promise<Article | null> {
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
async function bylinesFor(store: ArticlesStore, actor: StaffActor, article: Article | null): Promise<Byline[]> {
  const staff = await store.users.list();
  const bylines = new Map<number, Byline>();
  for (const user of staff) {
    if (!user.disabled && may(actor, user.author.id)) bylines.set(user.author.id, user.author);
  }
  if (article && !bylines.has(article.authorId)) bylines.set(article.authorId, { id: article.authorId, ...article.author });
  return [...bylines.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Whether the actor may write under this byline: when they may edit a draft signed with it. */
function may(actor: StaffActor, authorId: number): boolean {
  return can(actor, 'article.edit', { authorId, status: 'draft' });
}

async function chosenByline(store: ArticlesStore, actor: StaffActor, article: Article | null, chosenId: number | null): Promise<Byline> {
  const id = chosenId ?? article?.authorId ?? actor.authorId;
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
function readDate(typed: ArticleDraft['publishedAt'], timeZone: string, existing: Article | null, problems: Problems): Date | null {
  if (typed === null) return null;
  if (typed === 'unreadable') {
    problems.add('publishedAt', 'Enter a date and a time, such as 25/11/2026 09:30');
    return null;
  }
  if (existing?.publishedAt && toZonedLocal(typed, timeZone) === toZonedLocal(existing.publishedAt, timeZone)) return existing.publishedAt;
  return typed;
}

async function slugClash(store: ArticlesStore, slug: string, existing: Article | null): Promise<string | null> {
  if (!isValidSlug(slug)) return null;
  const other = await store.articles.findBySlug(slug);
  if (!other || other.id === existing?.id) return null;
  return `Another article already has the address "${slug}" (“${other.headline}”). Choose another slug.`;
}

async function previewTags(store: ArticlesStore, names: readonly string[]): Promise<TagRef[]> {
  const tags = new Map<string, TagRef>();
  for (const name of names) {
    const tag = (await store.tags.findByNameOrAlias(name)) ?? { slug: slugify(name) || 'tag', name };
    tags.set(tag.slug, { slug: tag.slug, name: tag.name });
  }
  return [...tags.values()];
}
