import type { Transactional, UseCaseDeps } from '../shared/ports.ts';
import type { Repositories } from '../store.ts';

/** What the newsroom's editor and the reader's article page work through. */
export type ArticlesStore = Transactional<
  Pick<
    Repositories,
    'articles' | 'authors' | 'tags' | 'comments' | 'revisions' | 'autosaves' | 'users' | 'related' | 'media' | 'library' | 'outbox'
  >
>;

export type ArticlesDeps = UseCaseDeps<ArticlesStore>;
