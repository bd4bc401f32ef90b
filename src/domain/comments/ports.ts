import type { Transactional, UseCaseDeps } from '../shared/ports.ts';
import type { Repositories } from '../store.ts';

/** What commenting and moderation work through. */
export type CommentsStore = Transactional<Pick<Repositories, 'comments' | 'spam' | 'articles' | 'settings' | 'users' | 'outbox'>>;

export type CommentsDeps = UseCaseDeps<CommentsStore>;
