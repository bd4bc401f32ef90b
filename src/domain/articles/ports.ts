import type { Transactional, UseCaseDeps } from '../shared/ports.ts';
import type { Repositories } from '../store.ts';
import type { BodyFigures } from './figures.ts';

/** What the newsroom's editor and the reader's article page work through. */
export type ArticlesStore = Transactional<
  Pick<
    Repositories,
    'articles' | 'authors' | 'tags' | 'comments' | 'revisions' | 'autosaves' | 'users' | 'related' | 'media' | 'library' | 'outbox'
  >
>;

/** Saving a body renders its library pictures, through the views' figures. */
export type ArticlesDeps = UseCaseDeps<ArticlesStore> & { readonly figures: BodyFigures };
