import { diffArrays, diffWordsWithSpace, diffLines } from 'diff';
import { storeArticle } from './articles.ts';
import { ConflictError, NotFoundError, Problems } from '../shared/errors.ts';
import { renderBody } from './body-pictures.ts';
import type { Article, ArticleRevision, Correction } from '../shared/model.ts';
import { authorize, type StaffActor } from '../shared/policy.ts';
import type { ArticlesDeps, ArticlesStore } from './ports.ts';

export const CORRECTION_MAX_LENGTH = 1000;

/** A run of text that both versions share, or that one of them adds or removes. */
export interface DiffPart {
  readonly text: string;
  readonly change: 'same' | 'added' | 'removed';
}

/** How one field differs between two revisions; `parts` is null when it is the same in both. */
export interface FieldDiff {
  readonly field: 'headline' | 'standfirst' | 'tags' | 'body';
  readonly label: string;
  readonly parts: readonly DiffPart[] | null;
}

/** Word diffs of long, very different bodies are costly; past this many edits, compare whole lines. */
const MAX_WORD_EDITS = 5_000;

/** An article's saved versions, newest first. */
export async function listRevisions(
  deps: ArticlesDeps,
  input: { actor: StaffActor; articleId: number },
): Promise<{ article: Article; revisions: ArticleRevision[] }> {
  const article = await articleToEdit(deps.store, input.actor, input.articleId);
  return { article, revisions: await deps.store.revisions.listFor(article.id) };
}

/** Two revisions side by side: what changed in the headline, standfirst, tags and body. */
export async function compareRevisions(
  deps: ArticlesDeps,
  input: { actor: StaffActor; articleId: number; from: number; to: number },
): Promise<{ article: Article; from: ArticleRevision; to: ArticleRevision; changes: FieldDiff[] }> {
  const article = await articleToEdit(deps.store, input.actor, input.articleId);
  const [from, to] = await Promise.all([revisionOf(deps.store, article.id, input.from), revisionOf(deps.store, article.id, input.to)]);
  return { article, from, to, changes: diffRevisions(from, to) };
}

/** The field-by-field differences between two revisions. */
export function diffRevisions(from: ArticleRevision, to: ArticleRevision): FieldDiff[] {
  return [
    { field: 'headline', label: 'Headline', parts: textDiff(from.headline, to.headline) },
    { field: 'standfirst', label: 'Standfirst', parts: textDiff(from.standfirst, to.standfirst) },
    { field: 'tags', label: 'Tags', parts: tagDiff(from.tags, to.tags) },
    { field: 'body', label: 'Body', parts: textDiff(from.bodySource, to.bodySource) },
  ];
}

/**
 * Puts a revision's headline, standfirst, slug, body and tags back. The article keeps its status,
 * publication time, byline and featured flag; the restore is itself saved as a new revision.
 */
export async function restoreRevision(
  deps: ArticlesDeps,
  input: { actor: StaffActor; articleId: number; revisionId: number },
): Promise<Article> {
  return deps.store.transaction(async (store) => {
    const article = await articleToEdit(store, input.actor, input.articleId);
    const revision = await revisionOf(store, article.id, input.revisionId);
    const holder = await store.articles.findBySlug(revision.slug);
    if (holder && holder.id !== article.id) {
      throw new ConflictError(`Another article now has the address "${revision.slug}"; change its slug first, or edit this one by hand.`);
    }
    const now = deps.clock.now();
    const record = {
      slug: revision.slug,
      headline: revision.headline,
      standfirst: revision.standfirst,
      bodySource: revision.bodySource,
      bodyFormat: revision.bodyFormat,
      bodyHtml: (await renderBody(store, deps.figures, { source: revision.bodySource, format: revision.bodyFormat })).html,
      status: article.status,
      publishedAt: article.publishedAt,
      authorId: article.authorId,
      updatedAt: now,
      language: article.language,
    };
    return storeArticle(store, { existing: article, record, tags: revision.tags, savedBy: input.actor.id, now });
  });
}

/** Appends a correction to a published article; readers see it under the article. */
export async function addCorrection(
  deps: ArticlesDeps,
  input: { actor: StaffActor; articleId: number; correction: string },
): Promise<Correction> {
  const article = await deps.store.articles.findById(input.articleId);
  if (!article) throw new NotFoundError('The article');
  authorize(input.actor, 'article.correct', article);
  const body = input.correction.trim();
  const problems = new Problems();
  if (article.status !== 'published') problems.add('correction', 'Only a published article takes corrections; edit the text instead');
  else if (!body) problems.add('correction', 'Write what was wrong and what is right');
  else if (body.length > CORRECTION_MAX_LENGTH) {
    problems.add('correction', `Keep the correction under ${CORRECTION_MAX_LENGTH} characters (it has ${body.length})`);
  }
  problems.throwIfAny();
  return deps.store.revisions.addCorrection({ articleId: article.id, userId: input.actor.id, body, createdAt: deps.clock.now() });
}

async function articleToEdit(store: ArticlesStore, actor: StaffActor, articleId: number): Promise<Article> {
  const article = await store.articles.findById(articleId);
  if (!article) throw new NotFoundError('The article');
  authorize(actor, 'article.edit', article);
  return article;
}

async function revisionOf(store: ArticlesStore, articleId: number, revisionId: number): Promise<ArticleRevision> {
  const revision = await store.revisions.find(articleId, revisionId);
  if (!revision) throw new NotFoundError('The revision');
  return revision;
}

function textDiff(before: string, after: string): DiffPart[] | null {
  if (before === after) return null;
  const changes = diffWordsWithSpace(before, after, { maxEditLength: MAX_WORD_EDITS }) ?? diffLines(before, after);
  return changes.map((change) => ({ text: change.value, change: changeOf(change) }));
}

function tagDiff(before: readonly string[], after: readonly string[]): DiffPart[] | null {
  if (before.join('\n') === after.join('\n')) return null;
  return diffArrays([...before], [...after]).flatMap((change) => change.value.map((tag) => ({ text: tag, change: changeOf(change) })));
}

function changeOf(change: { added: boolean; removed: boolean }): DiffPart['change'] {
  return change.added ? 'added' : change.removed ? 'removed' : 'same';
}
