import type { Transactional, UseCaseDeps } from '../shared/ports.ts';
import type { Repositories } from '../store.ts';
import type { MediaServices } from './storage.ts';

/** The media library's pictures, and the outbox that has them processed. */
export type MediaStore = Transactional<Pick<Repositories, 'library' | 'outbox'>>;

export type MediaDeps = UseCaseDeps<MediaStore> & { readonly media: MediaServices };
