import type { SiteSettings } from '../../config.ts';
import type { Byline } from '../../domain/articles/editor.ts';
import { ARTICLE_STATUSES, type ArticleStatus, type ArticleSummary, type Page } from '../../domain/shared/model.ts';
import type { NewsroomFilters, NewsroomRow } from '../../domain/articles/newsroom.ts';
import { Pagination } from '../article-list.tsx';
import { formatShortDateTime, plural } from '../format.ts';
import { paths } from '../paths.ts';
import { articlePaths } from './article-paths.ts';
import type { AdminContext } from './context.ts';
import { SelectField, TextField, formState } from './form.tsx';
import { AdminLayout } from './layout.tsx';

export const STATUS_NAMES: Readonly<Record<ArticleStatus, string>> = { draft: 'Draft', scheduled: 'Scheduled', published: 'Published' };

/** The article's status; a scheduled one says when it goes out. */
export function StatusBadge({
  article,
  site,
}: {
  article: Pick<ArticleSummary, 'status' | 'publishedAt'>;
  site: SiteSettings;
}): JSX.Element {
  return (
    <span class={`status status-${article.status}`}>
      <span safe>{STATUS_NAMES[article.status]}</span>
      {article.status === 'scheduled' && article.publishedAt ? (
        <>
          {' for '}
          <time datetime={article.publishedAt.toISOString()} safe>
            {formatShortDateTime(site, article.publishedAt)}
          </time>
        </>
      ) : (
        ''
      )}
    </span>
  );
}

export interface ArticleListPageProps {
  readonly admin: AdminContext;
  readonly articles: Page<NewsroomRow>;
  readonly bylines: readonly Byline[];
  readonly filters: NewsroomFilters;
}

/** The newsroom's home: every article, last changed first, with filters. */
export function ArticleListPage({ admin, articles, bylines, filters }: ArticleListPageProps): JSX.Element {
  const filtered = Object.values(filters).some(Boolean);
  return (
    <AdminLayout admin={admin} title="Articles" wide>
      <div class="page-heading">
        <h1>Articles</h1>
        <a class="button" href={articlePaths.new()}>
          New article
        </a>
      </div>
      <Filters filters={filters} bylines={bylines} />
      <p class="muted" role="status" safe>
        {`${plural(articles.total, 'article', 'articles')}${filtered ? ' match' : ''}`}
      </p>
      {articles.items.length === 0 ? (
        <p>{filtered ? 'No article matches these filters.' : 'No articles yet. Write the first one.'}</p>
      ) : (
        <table class="list article-list">
          <thead>
            <tr>
              <th scope="col">Headline</th>
              <th scope="col">Status</th>
              <th scope="col">Author</th>
              <th scope="col">Tags</th>
              <th scope="col">Last changed</th>
              <th scope="col">
                <span class="visually-hidden">On the site</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {articles.items.map((row) => (
              <ArticleRow row={row} site={admin.site} />
            ))}
          </tbody>
        </table>
      )}
      <Pagination page={articles} href={(page) => articlePaths.list(filters, page)} />
    </AdminLayout>
  );
}

function Filters({ filters, bylines }: { filters: NewsroomFilters; bylines: readonly Byline[] }): JSX.Element {
  const state = formState({ status: filters.status ?? '', author: filters.author ?? '', tag: filters.tag ?? '', q: filters.q ?? '' });
  return (
    <form method="get" action={articlePaths.list()} class="filters" role="search" aria-label="Filter the articles">
      <TextField name="q" label="Headline contains" state={state} input={{ type: 'search' }} />
      <SelectField
        name="status"
        label="Status"
        state={state}
        options={[
          { value: '', label: 'Any status' },
          ...ARTICLE_STATUSES.map((status) => ({ value: status, label: STATUS_NAMES[status] })),
        ]}
      />
      <SelectField
        name="author"
        label="Author"
        state={state}
        options={[{ value: '', label: 'Any author' }, ...bylines.map((byline) => ({ value: byline.slug, label: byline.name }))]}
      />
      <TextField name="tag" label="Tag (slug)" state={state} input={{ autocomplete: 'off', spellcheck: 'false' }} />
      <p class="actions">
        <button type="submit" class="button secondary">
          Filter
        </button>
        {Object.values(filters).some(Boolean) ? <a href={articlePaths.list()}>Clear filters</a> : ''}
      </p>
    </form>
  );
}

function ArticleRow({ row, site }: { row: NewsroomRow; site: SiteSettings }): JSX.Element {
  const { article } = row;
  return (
    <tr>
      <td>
        {row.canEdit ? (
          <a href={articlePaths.edit(article.id)} safe>
            {article.headline}
          </a>
        ) : (
          <span safe>{article.headline}</span>
        )}
        {article.featured ? <span class="muted"> · Featured</span> : ''}
      </td>
      <td>
        <StatusBadge article={article} site={site} />
      </td>
      <td safe>{article.author.name}</td>
      <td safe>{article.tags.map((tag) => tag.name).join(', ')}</td>
      <td>
        <time datetime={article.updatedAt.toISOString()} safe>
          {formatShortDateTime(site, article.updatedAt)}
        </time>
      </td>
      <td>
        {row.isPublic ? (
          <a href={paths.article(article.slug)} aria-label={`View “${article.headline}” on the site`}>
            View
          </a>
        ) : (
          ''
        )}
      </td>
    </tr>
  );
}
