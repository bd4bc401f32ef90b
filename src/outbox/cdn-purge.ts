import type { PurgeSettings } from '../config.ts';
import { CDN_PURGE_JOB, purgeKeysOf } from '../domain/site/cdn-purge.ts';
import type { OutboxHandler } from './worker.ts';

/** A CDN's purge API answers in well under a second; one still waiting after this is a failed attempt, retried. */
const TIMEOUT_MS = 10_000;

/**
 * Sends a purge job's keys to the configured endpoint, `settings.batch` keys per request, each
 * request carrying them twice: space-separated in a `Surrogate-Key` header (Fastly's purge by
 * key) and as a JSON body `{"tags": […]}` (Cloudflare's purge by cache tag). Any answer other
 * than 2xx fails the attempt and the whole job is retried later: purging a key twice is harmless.
 */
export function cdnPurgeHandlers(settings: PurgeSettings): Map<string, OutboxHandler> {
  const purge = async (keys: readonly string[]): Promise<void> => {
    const bodyless = settings.method === 'GET' || settings.method === 'HEAD';
    const response = await fetch(settings.url, {
      method: settings.method,
      headers: [
        ...settings.headers.map(([name, value]) => [name, value] as [string, string]),
        ['surrogate-key', keys.join(' ')],
        ...(bodyless ? [] : [['content-type', 'application/json'] as [string, string]]),
        ['user-agent', 'Broadsheet'],
      ],
      ...(bodyless ? {} : { body: JSON.stringify({ tags: keys }) }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    // Read the answer so the connection is released; its text is not needed, and may be long.
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`CDN purge answered HTTP ${response.status} (${settings.method} ${new URL(settings.url).host})`);
  };
  return new Map<string, OutboxHandler>([
    [
      CDN_PURGE_JOB,
      async (job) => {
        const keys = purgeKeysOf(job.payload);
        for (let start = 0; start < keys.length; start += settings.batch) await purge(keys.slice(start, start + settings.batch));
      },
    ],
  ]);
}
