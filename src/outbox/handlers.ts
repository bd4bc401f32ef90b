import type { Config } from '../config.ts';
import { AKISMET_JOB_KINDS, forgetOldAkismetAddresses } from '../domain/comments/akismet.ts';
import type { CommentsDeps } from '../domain/comments/ports.ts';
import { CDN_PURGE_JOB } from '../domain/site/cdn-purge.ts';
import { akismetClient, akismetHandlers } from './akismet.ts';
import { cdnPurgeHandlers } from './cdn-purge.ts';
import type { OutboxHandler } from './worker.ts';
import { MEDIA_CHANGED_JOB, MEDIA_PROCESS_JOB } from '../domain/media/pictures.ts';
import type { MediaServices } from '../domain/media/storage.ts';
import { mediaHandlers } from './media.ts';
import { mediaChangedHandlers } from './media-changed.ts';
import type { Deps } from '../domain/store.ts';

/**
 * Every outbox job kind this configuration can run. Use cases enqueue optional work only for
 * these (`Deps.jobKinds`); mail, CDN purges and webhooks add theirs here when they are configured.
 * Processing uploaded pictures needs no service, so it is always here.
 */
export function configuredJobKinds(config: Pick<Config, 'akismet' | 'purge'>): ReadonlySet<string> {
  return new Set([
    ...(config.akismet ? AKISMET_JOB_KINDS : []),
    ...(config.purge ? [CDN_PURGE_JOB] : []),
    MEDIA_PROCESS_JOB,
    MEDIA_CHANGED_JOB,
  ]);
}

/** The handler of each configured kind, for the worker; pictures are processed when the media services are given. */
export function outboxHandlers(
  config: Pick<Config, 'akismet' | 'siteUrl' | 'purge'>,
  deps: Deps,
  media?: MediaServices,
): Map<string, OutboxHandler> {
  return new Map([
    ...(config.akismet ? akismetHandlers(akismetClient({ ...config.akismet, siteUrl: config.siteUrl }), deps) : []),
    ...(config.purge ? cdnPurgeHandlers(config.purge) : []),
    ...(media ? mediaHandlers({ ...deps, media }) : []),
    ...mediaChangedHandlers(deps),
  ]);
}

/**
 * What the worker erases hourly beside finished jobs: readers' addresses kept for Akismet past
 * their time. It runs whatever the configuration, so turning Akismet off still erases them.
 */
export function outboxPrune(deps: CommentsDeps): () => Promise<unknown> {
  return () => forgetOldAkismetAddresses(deps);
}
