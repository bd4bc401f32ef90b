import type { Transactional, UseCaseDeps } from '../shared/ports.ts';
import type { Repositories } from '../store.ts';

/** What feeds and sitemaps work through. */
export type FeedsStore = Transactional<Pick<Repositories, 'feeds' | 'articles' | 'authors' | 'tags'>>;

export type FeedsDeps = UseCaseDeps<FeedsStore>;
