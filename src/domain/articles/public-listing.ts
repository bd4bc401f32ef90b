import type { ArticleSummary } from '../shared/model.ts';
import type { UseCaseDeps } from '../shared/ports.ts';
import { cacheKey } from '../site/cache-keys.ts';
import type { Repositories } from '../store.ts';
import type { PublicListing } from './repository.ts';
import { untilNextPublication } from './schedule.ts';

/**
 * A page of public articles (all of them, a tag's or an author's) with the total for pagination.
 * Counting every public article costs more than reading the page itself, so the total is kept in
 * the read cache until the change log names that listing or the next scheduled article becomes public.
 */
export async function listPublicArticles(
  deps: UseCaseDeps<Pick<Repositories, 'articles'>>,
  listing: Omit<PublicListing, 'knownTotal'>,
): Promise<{ items: ArticleSummary[]; total: number }> {
  if (!deps.reads) return deps.store.articles.listPublic(listing);
  const { tagId, authorId, excludeId } = listing;
  const key =
    tagId !== undefined ? cacheKey.tagArticles(tagId) : authorId !== undefined ? cacheKey.authorArticles(authorId) : cacheKey.articles;
  let counted: { items: ArticleSummary[]; total: number } | undefined;
  const total = await deps.reads.remember(
    `total of ${key} without ${excludeId ?? 'none'}`,
    [key],
    async () => (counted = await deps.store.articles.listPublic(listing)).total,
    () => untilNextPublication(deps),
  );
  return counted ?? deps.store.articles.listPublic({ ...listing, knownTotal: total });
}
