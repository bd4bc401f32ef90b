import { NotFoundError } from '../shared/errors.ts';
import { pageOf } from '../shared/paging.ts';
import type { ArticleSummary, Author, Page } from '../shared/model.ts';
import { slugify, uniqueSlug } from '../shared/slug.ts';
import type { PeopleDeps } from './ports.ts';
import { listPublicArticles } from '../articles/public-listing.ts';
import type { Repositories } from '../store.ts';

/** The author with this byline, created on first use so a new byline needs no set-up. */
export async function findOrCreateAuthor(store: Pick<Repositories, 'authors'>, name: string, bio = ''): Promise<Author> {
  const byline = name.trim().replace(/\s+/g, ' ');
  const existing = await store.authors.findByName(byline);
  if (existing) return existing;
  const slug = await uniqueSlug(slugify(byline) || 'author', async (candidate) => (await store.authors.findBySlug(candidate)) !== null);
  return store.authors.insert({ slug, name: byline, bio });
}

/** An author's page: who they are and what they have published; not found while nothing is. */
export async function readAuthor(
  deps: PeopleDeps,
  input: { slug: string; page: number },
): Promise<{ author: Author; articles: Page<ArticleSummary> }> {
  const author = await deps.store.authors.findBySlug(input.slug);
  if (!author) throw new NotFoundError('The author');
  const articles = await pageOf(input.page, (limit, offset) =>
    listPublicArticles(deps, { now: deps.clock.now(), limit, offset, authorId: author.id }),
  );
  // Every member of staff has a byline; only one with something published has a public page.
  if (articles.total === 0) throw new NotFoundError('The author');
  return { author, articles };
}
