import type { Transactional, UseCaseDeps } from '../shared/ports.ts';
import type { Repositories } from '../store.ts';

/** What writing a publication's export works through. */
export type ExportingStore = Transactional<Pick<Repositories, 'exports' | 'settings'>>;

export type ExportingDeps = UseCaseDeps<ExportingStore>;
