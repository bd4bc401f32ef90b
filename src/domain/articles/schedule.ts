import type { UseCaseDeps } from '../shared/ports.ts';
import type { Repositories } from '../store.ts';

/**
 * When the next scheduled article becomes public: a cached page that lists articles (or related
 * ones) must not outlive that moment, since no change is committed when a scheduled time arrives.
 */
export function nextScheduledPublication(deps: UseCaseDeps<Pick<Repositories, 'articles'>>): Promise<Date | null> {
  return deps.store.articles.nextPublicationAfter(deps.clock.now());
}

/** The same time in ms, as a read cache's `until`: a kept list or count of public articles ends then. */
export async function untilNextPublication(deps: UseCaseDeps<Pick<Repositories, 'articles'>>): Promise<number | null> {
  return (await nextScheduledPublication(deps))?.getTime() ?? null;
}
