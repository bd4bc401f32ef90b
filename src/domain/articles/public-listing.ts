import type { ArticleSummary } from '../shared/model.ts';
import type { UseCaseDeps } from '../shared/ports.ts';
import { cacheKey, shownArticleKeys } from '../site/cache-keys.ts';
import type { Repositories } from '../store.ts';
import type { PublicListing } from './repository.ts';
import { untilNextPublication } from './schedule.ts';

type ListingDeps = UseCaseDeps<Pick<Repositories, 'articles'>>;
type ListingPage = { items: ArticleSummary[]; total: number };

/**
 * A page of public articles (all of them, a tag's or an author's) with the total for pagination.
 * The page and, apart, the total (counting every public article costs more than reading a page)
 * are kept in the read cache until the change log names the listing or an article on the page, or
 * the next scheduled article becomes public.
 */
export async function listPublicArticles(deps: ListingDeps, listing: Omit<PublicListing, 'knownTotal'>): Promise<ListingPage> {
  const { reads } = deps;
  if (!reads) return deps.store.articles.listPublic(listing);
  const key = listingKey(listing);
  const name = `${key} without ${listing.excludeId ?? 'none'}`;
  const readPage = async (): Promise<ListingPage> => {
    let counted: ListingPage | undefined;
    const total = await reads.remember(
      `total of ${name}`,
      [key],
      async () => (counted = await deps.store.articles.listPublic(listing)).total,
      () => untilNextPublication(deps),
    );
    return counted ?? deps.store.articles.listPublic({ ...listing, knownTotal: total });
  };
  return reads.remember(
    `page of ${name} from ${listing.offset} by ${listing.limit}`,
    (page) => [key, ...shownArticleKeys(page.items)],
    readPage,
    () => untilNextPublication(deps),
  );
}

/** The newest public featured article, kept as a listing page is. */
export function findPublicFeatured(deps: ListingDeps): Promise<ArticleSummary | null> {
  const read = () => deps.store.articles.findFeatured(deps.clock.now());
  if (!deps.reads) return read();
  return deps.reads.remember(
    'featured',
    (featured) => [cacheKey.articles, ...shownArticleKeys(featured ? [featured] : [])],
    read,
    () => untilNextPublication(deps),
  );
}

/** The change-log key of which articles a listing holds. */
function listingKey({ tagId, authorId }: Pick<PublicListing, 'tagId' | 'authorId'>): string {
  if (tagId !== undefined) return cacheKey.tagArticles(tagId);
  return authorId !== undefined ? cacheKey.authorArticles(authorId) : cacheKey.articles;
}
