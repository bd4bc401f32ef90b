import type { ArticleSummary, AuthorRef, Page, Tag } from '../shared/model.ts';
import { pageOf } from '../shared/paging.ts';
import { highlightPieces, parseSearchText, type Highlighted } from './search-terms.ts';
import type { SearchDeps, SearchStore } from './ports.ts';
import { fromZonedLocal } from '../shared/zoned-time.ts';
import type { StoredSearchHit } from './repository.ts';

export const RESULTS_PER_PAGE = 10;
/**
 * Counting stops here: a reader never pages through more, and counting every one of 40,000
 * matches for a common word would cost more than the page itself ("more than 1,000 results").
 */
export const RESULT_CAP = 1_000;

export interface SearchHit {
  readonly article: ArticleSummary;
  readonly headline: readonly Highlighted[];
  readonly snippet: readonly Highlighted[];
}

/** The search form's fields, as typed; every one may be empty. */
export interface SearchForm {
  readonly q: string;
  readonly tag: string;
  readonly author: string;
  /** Dates as `YYYY-MM-DD`, read in the publication's time zone. */
  readonly from: string;
  readonly to: string;
}

export type SearchOutcome =
  | {
      readonly kind: 'results';
      readonly results: Page<SearchHit>;
      /** True when there are more matches than RESULT_CAP. */
      readonly capped: boolean;
      /** Terms left out because the query had more than MAX_TERMS. */
      readonly dropped: number;
    }
  /** Nothing was searched; `message` says why, kindly. */
  | { readonly kind: 'message'; readonly message: string };

export interface SearchPage {
  readonly form: SearchForm;
  readonly outcome: SearchOutcome;
  /** The choices of the author filter. */
  readonly bylines: ReadonlyArray<AuthorRef>;
  /** The tag filter's tag, once it has been found. */
  readonly tag: Tag | null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Searches the published articles for a reader. Any text at all is a valid query: what cannot be
 * searched (nothing, punctuation only, a whole page pasted in, an unknown tag) gets a message,
 * never an error. Only a page number past the last page is an error (not found), as on listings.
 */
export async function searchArticles(deps: SearchDeps, input: { form: SearchForm; page: number; timeZone: string }): Promise<SearchPage> {
  const { form } = input;
  const store = deps.store;
  const [bylines, tag] = await Promise.all([store.articles.listBylines(deps.clock.now()), findTag(store, form.tag)]);
  const base = { form, bylines: bylines.map(({ slug, name }) => ({ slug, name })), tag };
  const message = (text: string): SearchPage => ({ ...base, outcome: { kind: 'message', message: text } });

  const parsed = parseSearchText(form.q);
  if (parsed.kind === 'too-long') return message('That search is too long. Try a few words from the headline or the story.');
  if (parsed.kind === 'empty') {
    return message(
      form.q.trim() === '' ? 'Type a word or two to search the articles.' : 'Search for words: punctuation alone finds nothing.',
    );
  }
  if (form.tag.trim() && !tag) return message(`We have no tag called “${form.tag.trim()}”.`);
  const author = form.author ? bylines.find((byline) => byline.slug === form.author) : undefined;
  if (form.author && !author) return message('We have no author by that name.');
  const range = dateRange(form, input.timeZone, deps.clock.now());
  if (typeof range === 'string') return message(range);
  const { terms, dropped } = parsed;

  let total = 0;
  const results = await pageOf(
    input.page,
    async (limit, offset) => {
      const found = await store.search.search({
        terms,
        ...(tag ? { tagId: tag.id } : {}),
        ...(author ? { authorId: author.id } : {}),
        ...range,
        limit,
        offset,
        countUpTo: RESULT_CAP + 1,
      });
      total = found.total;
      return { items: found.items.map((hit) => present(hit, terms.cjk)), total: Math.min(found.total, RESULT_CAP) };
    },
    RESULTS_PER_PAGE,
  );
  return { ...base, outcome: { kind: 'results', results, capped: total > RESULT_CAP, dropped } };
}

function present(hit: StoredSearchHit, cjk: readonly string[]): SearchHit {
  return { article: hit.article, headline: highlightPieces(hit.headline, cjk), snippet: highlightPieces(hit.snippet, cjk) };
}

/** The tag filter's tag: typed by slug (a link), by name, or by one of its aliases. */
async function findTag(store: SearchStore, typed: string): Promise<Tag | null> {
  const name = typed.trim();
  if (!name) return null;
  return (
    (await store.tags.findBySlug(name.toLowerCase())) ??
    (await store.tags.findByNameOrAlias(name)) ??
    (await store.tags.findByAliasSlug(name.toLowerCase()))
  );
}

/** The published-time range of the date filters, up to now; or what is wrong with them. */
function dateRange(form: SearchForm, timeZone: string, now: Date): { from?: Date; until: Date } | string {
  const from = form.from.trim();
  const to = form.to.trim();
  if ((from && !DATE.test(from)) || (to && !DATE.test(to))) return 'Give the dates as year-month-day, for example 2026-03-31.';
  const start = from ? fromZonedLocal(`${from}T00:00`, timeZone) : null;
  // The end date counts whole: up to the start of the day after it.
  const toDay = Date.parse(`${to}T00:00:00Z`);
  const dayAfter = to && !Number.isNaN(toDay) ? new Date(toDay + 86_400_000).toISOString().slice(0, 10) : null;
  const end = dayAfter ? fromZonedLocal(`${dayAfter}T00:00`, timeZone) : null;
  if ((from && !start) || (to && !end)) return 'Give the dates as year-month-day, for example 2026-03-31.';
  if (start && end && start >= end) return 'The “from” date is after the “to” date.';
  const until = end && end.getTime() - 1 < now.getTime() ? new Date(end.getTime() - 1) : now;
  return start ? { from: start, until } : { until };
}
