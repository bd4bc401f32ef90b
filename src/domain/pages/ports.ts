import type { Transactional, UseCaseDeps } from '../shared/ports.ts';
import type { Repositories } from '../store.ts';
import type { BodyFigures } from '../articles/figures.ts';

/** What the site's standalone pages work through; the library, for the pictures their bodies show. */
export type PagesStore = Transactional<Pick<Repositories, 'pages' | 'library'>>;

export type PagesDeps = UseCaseDeps<PagesStore> & { readonly figures: BodyFigures };
