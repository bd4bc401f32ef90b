import type { Transactional, UseCaseDeps } from '../shared/ports.ts';
import type { Repositories } from '../store.ts';

/** What applying an import and following the old site's addresses work through. */
export type ImportingStore = Transactional<
  Pick<
    Repositories,
    'imports' | 'articles' | 'authors' | 'tags' | 'comments' | 'media' | 'pages' | 'revisions' | 'redirects' | 'settings' | 'library'
  >
>;

export type ImportingDeps = UseCaseDeps<ImportingStore>;
