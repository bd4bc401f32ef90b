import type { Transactional, UseCaseDeps } from '../shared/ports.ts';
import type { Repositories } from '../store.ts';

/** What the site's settings work through. */
export type SiteStore = Transactional<Pick<Repositories, 'settings'>>;

export type SiteDeps = UseCaseDeps<SiteStore>;
