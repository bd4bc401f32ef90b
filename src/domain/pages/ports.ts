import type { Transactional, UseCaseDeps } from '../shared/ports.ts';
import type { Repositories } from '../store.ts';

/** What the site's standalone pages work through. */
export type PagesStore = Transactional<Pick<Repositories, 'pages'>>;

export type PagesDeps = UseCaseDeps<PagesStore>;
