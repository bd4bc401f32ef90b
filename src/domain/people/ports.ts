import type { Transactional, UseCaseDeps } from '../shared/ports.ts';
import type { Repositories } from '../store.ts';

/** What staff accounts, sign-in, password resets and author pages work through. */
export type PeopleStore = Transactional<Pick<Repositories, 'users' | 'sessions' | 'settings' | 'authors' | 'articles'>>;

export type PeopleDeps = UseCaseDeps<PeopleStore>;
