import type { SiteSettings } from '../config.ts';
import type { Correction } from '../domain/shared/model.ts';
import { formatDate } from './format.ts';

/** An article's corrections, oldest first, each with its date; nothing when there are none. */
export function CorrectionsBox({ corrections, site }: { corrections: readonly Correction[]; site: SiteSettings }): JSX.Element {
  if (corrections.length === 0) return '';
  return (
    <aside class="corrections notice" aria-labelledby="corrections-title">
      <h2 id="corrections-title">Corrections</h2>
      <ul>
        {corrections.map((correction) => (
          <li>
            <time datetime={correction.createdAt.toISOString()} safe>
              {formatDate(site, correction.createdAt)}
            </time>
            {': '}
            <span safe>{correction.body}</span>
          </li>
        ))}
      </ul>
    </aside>
  );
}
