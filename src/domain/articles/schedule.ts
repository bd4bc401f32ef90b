import type { ArticlesDeps } from './ports.ts';

/**
 * When the next scheduled article becomes public: a cached page that lists articles (or related
 * ones) must not outlive that moment, since no change is committed when a scheduled time arrives.
 */
export function nextScheduledPublication(deps: ArticlesDeps): Promise<Date | null> {
  return deps.store.articles.nextPublicationAfter(deps.clock.now());
}
