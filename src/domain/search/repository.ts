import type { ArticleSummary } from '../shared/model.ts';
import type { SearchTerms } from './search-terms.ts';

/** What the storage is asked: terms, filters, and the page of results. */
export interface SearchRequest {
  readonly terms: SearchTerms;
  readonly tagId?: number;
  readonly authorId?: number;
  /** Published at or after this instant. */
  readonly from?: Date;
  /** Published at or before this instant; never later than now, so scheduled articles stay hidden. */
  readonly until: Date;
  readonly limit: number;
  readonly offset: number;
  /** Counting may stop here: the total is exact only below it. */
  readonly countUpTo: number;
}

/** One result as stored: the article, and its headline and snippet with MARK_START/MARK_END around matches. */
export interface StoredSearchHit {
  readonly article: ArticleSummary;
  readonly headline: string;
  readonly snippet: string;
}

/**
 * Full-text search over published articles. Results come in tiers (every term in the headline;
 * then in the headline, standfirst or tags; then anywhere, the body included), newest first
 * within a tier. `total` stops counting at RESULT_CAP.
 */
export interface SearchRepository {
  search(request: SearchRequest): Promise<{ items: StoredSearchHit[]; total: number }>;
}
