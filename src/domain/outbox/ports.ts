import type { Transactional, UseCaseDeps } from '../shared/ports.ts';
import type { Repositories } from '../store.ts';

/** What the outbox's worker and its listing work through. */
export type OutboxStore = Transactional<Pick<Repositories, 'outbox'>>;

export type OutboxDeps = UseCaseDeps<OutboxStore>;
