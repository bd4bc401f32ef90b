import { ListedPicture } from './article-list.tsx';
import Html from '@kitajs/html';
import type { AuthorRef, Tag } from '../domain/shared/model.ts';
import { RESULT_CAP, RESULTS_PER_PAGE, type SearchForm, type SearchHit, type SearchOutcome } from '../domain/search/search.ts';
import type { Highlighted } from '../domain/search/search-terms.ts';
import { attributeText } from './attribute.ts';
import type { PageContext } from './context.ts';
import { formatShortDateTime, plural } from './format.ts';
import { Layout } from './layout.tsx';
import { paths } from '../paths/site.ts';

/** The address of a search: the form's non-empty fields, then the page. */
export function searchPath(form: Partial<SearchForm>, page = 1): string {
  const params = new URLSearchParams();
  for (const name of ['q', 'tag', 'author', 'from', 'to'] as const) {
    const value = form[name]?.trim();
    if (value) params.set(name, value);
  }
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return query ? `/search?${query}` : '/search';
}

/** Escaped text with the matched pieces in <mark>. */
function highlighted(pieces: readonly Highlighted[]): string {
  return pieces.map((piece) => (piece.hit ? `<mark>${Html.escapeHtml(piece.text)}</mark>` : Html.escapeHtml(piece.text))).join('');
}

interface SearchPageProps {
  readonly ctx: PageContext;
  readonly form: SearchForm;
  readonly outcome: SearchOutcome;
  readonly bylines: readonly AuthorRef[];
  readonly tag: Tag | null;
}

export function SearchPageView({ ctx, form, outcome, bylines, tag }: SearchPageProps): JSX.Element {
  const query = form.q.trim();
  const page = outcome.kind === 'results' ? outcome.results.page : 1;
  const title = query ? `Search: ${query.slice(0, 60)}${page > 1 ? `, page ${page}` : ''}` : 'Search';
  return (
    <Layout ctx={ctx} title={title} description={`Search the articles of ${ctx.site.title}`} noindex>
      <section class="search-page" aria-labelledby="search-title">
        <header class="listing-header">
          <h1 id="search-title">Search</h1>
        </header>
        <SearchFormView form={form} bylines={bylines} />
        {outcome.kind === 'message' ? (
          <p class="search-message" role="status" safe>
            {outcome.message}
          </p>
        ) : (
          <Results ctx={ctx} form={form} outcome={outcome} tag={tag} />
        )}
      </section>
    </Layout>
  );
}

function SearchFormView({ form, bylines }: { form: SearchForm; bylines: readonly AuthorRef[] }): JSX.Element {
  const filtered = Boolean(form.tag.trim() || form.author || form.from || form.to);
  return (
    <form class="search-form" role="search" action="/search" method="get" aria-label="Search the articles">
      <p class="search-field">
        <label for="search-q">Search for</label>
        <input id="search-q" type="search" name="q" value={attributeText(form.q)} maxlength="200" autocomplete="off" />
        <button type="submit">Search</button>
      </p>
      <details class="search-filters" open={filtered}>
        <summary>Narrow the search</summary>
        <div class="search-filter-fields">
          <p>
            <label for="search-tag">Tag</label>
            <input id="search-tag" type="text" name="tag" value={attributeText(form.tag)} maxlength="100" />
          </p>
          <p>
            <label for="search-author">Author</label>
            <select id="search-author" name="author">
              <option value="">Any author</option>
              {bylines.map((byline) => (
                <option value={byline.slug} selected={byline.slug === form.author} safe>
                  {byline.name}
                </option>
              ))}
            </select>
          </p>
          <p>
            <label for="search-from">From</label>
            <input id="search-from" type="date" name="from" value={form.from} />
          </p>
          <p>
            <label for="search-to">To</label>
            <input id="search-to" type="date" name="to" value={form.to} />
          </p>
        </div>
      </details>
    </form>
  );
}

function Results({
  ctx,
  form,
  outcome,
  tag,
}: {
  ctx: PageContext;
  form: SearchForm;
  outcome: Extract<SearchOutcome, { kind: 'results' }>;
  tag: Tag | null;
}): JSX.Element {
  const { results } = outcome;
  const count = outcome.capped ? `More than ${RESULT_CAP.toLocaleString('en')} results` : plural(results.total, 'result', 'results');
  const first = (results.page - 1) * RESULTS_PER_PAGE + 1;
  return (
    <>
      <p class="search-count" role="status">
        <span safe>{`${count} for “${form.q.trim()}”`}</span>
        {tag ? <span safe>{` tagged ${tag.name}`}</span> : ''}
        {outcome.dropped > 0 ? <span safe>{` (the last ${plural(outcome.dropped, 'word was', 'words were')} left out)`}</span> : ''}
      </p>
      {results.items.length === 0 ? (
        <p class="search-message">Nothing matched. Check the spelling, try fewer or other words, or widen the filters.</p>
      ) : (
        <ol class="search-results" start={String(first)}>
          {results.items.map((hit) => (
            <SearchResult ctx={ctx} hit={hit} />
          ))}
        </ol>
      )}
      {results.pageCount > 1 ? (
        <nav class="pagination" aria-label="Result pages">
          {results.page > 1 ? (
            <a rel="prev" href={searchPath(form, results.page - 1)}>
              ← Previous
            </a>
          ) : (
            <span />
          )}
          <span class="pagination-status">{`Page ${results.page} of ${results.pageCount}` as 'safe'}</span>
          {results.page < results.pageCount ? (
            <a rel="next" href={searchPath(form, results.page + 1)}>
              Next →
            </a>
          ) : (
            <span />
          )}
        </nav>
      ) : (
        ''
      )}
    </>
  );
}

function SearchResult({ ctx, hit }: { ctx: PageContext; hit: SearchHit }): JSX.Element {
  const { article } = hit;
  const safeHeadline = highlighted(hit.headline);
  const safeSnippet = highlighted(hit.snippet);
  return (
    <li class="search-result" lang={article.language ?? undefined}>
      <ListedPicture picture={article.image} sizes="8rem" className="search-picture" />
      <h2 class="teaser-headline">
        <a href={paths.article(article.slug)}>{safeHeadline}</a>
      </h2>
      {safeSnippet ? <p class="search-snippet">{safeSnippet}</p> : ''}
      <p class="meta">
        <span safe>{article.author.name}</span>
        {article.publishedAt ? (
          <>
            {' · '}
            <time datetime={article.publishedAt.toISOString()} safe>
              {formatShortDateTime(ctx.site, article.publishedAt)}
            </time>
          </>
        ) : (
          ''
        )}
        {article.tags.length > 0 ? (
          <>
            {' · '}
            {article.tags.map((tag, i) => (
              <>
                {i > 0 ? ', ' : ''}
                <a href={paths.tag(tag.slug)} safe>
                  {tag.name}
                </a>
              </>
            ))}
          </>
        ) : (
          ''
        )}
      </p>
    </li>
  );
}
