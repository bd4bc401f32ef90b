import { cacheKey } from './cache-keys.ts';
import type { SiteDeps } from './ports.ts';

/**
 * The outbox job that sends changed surrogate keys to the CDN's purge endpoint. The change log's
 * trigger (src/db/sqlite/migrations/011-change-log.ts) writes it with the change, so its name is
 * also spelled there.
 */
export const CDN_PURGE_JOB = 'cdn.purge';

/**
 * The setting that tells that trigger whether to write purge jobs: a trigger cannot read the
 * environment, so `serve` records whether its PURGE_URL is set. Also spelled in migration 011.
 */
export const CDN_PURGE_SETTING = 'cdn.purge';

/** A purge job's payload: the keys to purge; `site` alone purges everything. */
export interface CdnPurgePayload {
  readonly keys: readonly string[];
}

/** Records whether changes are to be purged from a CDN from now on (`serve` calls it at start). */
export async function recordCdnPurging(deps: SiteDeps, on: boolean): Promise<void> {
  await deps.store.settings.set(CDN_PURGE_SETTING, on ? 'on' : 'off');
}

/** The keys of a stored purge job, or an error for a payload that is not one (the job then fails, listed). */
export function purgeKeysOf(payload: Readonly<Record<string, unknown>>): readonly string[] {
  const { keys } = payload;
  if (!Array.isArray(keys) || !keys.every((key): key is string => typeof key === 'string' && key !== '')) {
    throw new Error('a cdn.purge job must carry its keys as a list of strings');
  }
  return keys.includes(cacheKey.site) ? [cacheKey.site] : keys;
}
