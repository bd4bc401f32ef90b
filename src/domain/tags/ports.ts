import type { Transactional, UseCaseDeps } from '../shared/ports.ts';
import type { Repositories } from '../store.ts';

/** What tag pages, tag suggestions and the newsroom's tag admin work through. */
export type TagsStore = Transactional<Pick<Repositories, 'tags' | 'articles' | 'redirects'>>;

export type TagsDeps = UseCaseDeps<TagsStore>;
