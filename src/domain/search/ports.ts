import type { Transactional, UseCaseDeps } from '../shared/ports.ts';
import type { Repositories } from '../store.ts';

/** What site search works through. */
export type SearchStore = Transactional<Pick<Repositories, 'search' | 'articles' | 'tags' | 'authors'>>;

export type SearchDeps = UseCaseDeps<SearchStore>;
