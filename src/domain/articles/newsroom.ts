import { ARTICLE_STATUSES, isPubliclyVisible, type ArticleStatus, type ArticleSummary, type Page } from '../shared/model.ts';
import { pageOf } from '../shared/paging.ts';
import { authorize, can, type Actor } from '../shared/policy.ts';
import type { Byline } from './editor.ts';
import type { Deps, NewsroomListing } from '../store.ts';

export const NEWSROOM_PAGE_SIZE = 25;

/** The list's filters as typed in its form; anything unrecognised is ignored rather than refused. */
export interface NewsroomFilters {
  readonly status?: string;
  /** Author slug. */
  readonly author?: string;
  /** Tag slug; an alias's slug finds its tag. */
  readonly tag?: string;
  /** Part of the headline. */
  readonly q?: string;
}

/** One row of the list, with what the viewer may do with it. */
export interface NewsroomRow {
  readonly article: ArticleSummary;
  readonly canEdit: boolean;
  readonly isPublic: boolean;
}

/**
 * The newsroom's home: every article, last changed first, filtered. Everyone on the staff sees the
 * whole list; each row says whether the viewer may open it in the editor.
 */
export async function browseNewsroomArticles(
  deps: Deps,
  input: { actor: Actor; page: number; filters: NewsroomFilters },
): Promise<{ articles: Page<NewsroomRow>; bylines: Byline[] }> {
  authorize(input.actor, 'article.create');
  const { filters } = input;
  const now = deps.clock.now();
  const [bylines, tag] = await Promise.all([
    deps.store.articles.listBylines(),
    filters.tag?.trim() ? findTag(deps, filters.tag.trim()) : undefined,
  ]);
  const author = filters.author ? bylines.find((byline) => byline.slug === filters.author) : undefined;
  const status = ARTICLE_STATUSES.find((candidate) => candidate === filters.status);
  const unknownFilter = tag === null || (filters.author && !author);
  const listing: Omit<NewsroomListing, 'limit' | 'offset'> = {
    ...(status ? { status: status satisfies ArticleStatus } : {}),
    ...(author ? { authorId: author.id } : {}),
    ...(tag ? { tagId: tag.id } : {}),
    ...(filters.q?.trim() ? { headlineContains: filters.q.trim() } : {}),
  };
  const articles = await pageOf(
    input.page,
    async (limit, offset) => (unknownFilter ? { items: [], total: 0 } : deps.store.articles.listNewsroom({ ...listing, limit, offset })),
    NEWSROOM_PAGE_SIZE,
  );
  return {
    articles: {
      ...articles,
      items: articles.items.map((article) => ({
        article,
        canEdit: can(input.actor, 'article.edit', article),
        isPublic: isPubliclyVisible(article, now),
      })),
    },
    bylines,
  };
}

async function findTag(deps: Deps, slug: string) {
  return (await deps.store.tags.findBySlug(slug)) ?? (await deps.store.tags.findByAliasSlug(slug));
}
