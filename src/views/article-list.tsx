import type { SiteSettings } from '../config.ts';
import type { ArticleSummary, Page, TagRef } from '../domain/shared/model.ts';
import { formatShortDateTime, plural } from './format.ts';
import { paths } from './paths.ts';

/** The first tag that is a section, shown as the story's kicker. */
export function kickerOf(tags: readonly TagRef[], sectionSlugs: ReadonlySet<string>): TagRef | undefined {
  return tags.find((tag) => sectionSlugs.has(tag.slug));
}

interface TeaserProps {
  readonly article: ArticleSummary;
  readonly site: SiteSettings;
  readonly sectionSlugs: ReadonlySet<string>;
  readonly lead?: boolean;
  /** Teasers under a lead story are one level below it; on listings they sit right under the page's h1. */
  readonly heading?: 'h2' | 'h3';
}

export function Teaser({ article, site, sectionSlugs, lead, heading = 'h3' }: TeaserProps): JSX.Element {
  const kicker = kickerOf(article.tags, sectionSlugs);
  const HeadingTag = lead ? 'h2' : heading;
  return (
    <article class={lead ? 'teaser teaser-lead' : 'teaser'} lang={article.language ?? undefined}>
      {kicker ? (
        <a class="kicker" href={paths.tag(kicker.slug)} safe>
          {kicker.name}
        </a>
      ) : (
        ''
      )}
      <HeadingTag class="teaser-headline">
        <a href={paths.article(article.slug)} safe>
          {article.headline}
        </a>
      </HeadingTag>
      {article.standfirst ? (
        <p class="teaser-standfirst" safe>
          {article.standfirst}
        </p>
      ) : (
        ''
      )}
      <p class="meta">
        <span safe>{article.author.name}</span>
        {article.publishedAt ? (
          <>
            {' · '}
            <time datetime={article.publishedAt.toISOString()} safe>
              {formatShortDateTime(site, article.publishedAt)}
            </time>
          </>
        ) : (
          ''
        )}
        {article.commentCount > 0 ? (
          <>
            {' · '}
            <a href={`${paths.article(article.slug)}#comments`} safe>
              {plural(article.commentCount, 'comment', 'comments')}
            </a>
          </>
        ) : (
          ''
        )}
      </p>
    </article>
  );
}

interface ArticleListProps {
  readonly articles: readonly ArticleSummary[];
  readonly site: SiteSettings;
  readonly sectionSlugs: ReadonlySet<string>;
  /** The story given the lead treatment above the others, as on the front page. */
  readonly lead?: ArticleSummary | undefined;
}

export function ArticleList({ articles, site, sectionSlugs, lead }: ArticleListProps): JSX.Element {
  if (!lead && articles.length === 0) return <p class="empty">Nothing has been published here yet.</p>;
  return (
    <>
      {lead ? <Teaser article={lead} site={site} sectionSlugs={sectionSlugs} lead /> : ''}
      {articles.length > 0 ? (
        <div class="teaser-grid">
          {articles.map((article) => (
            <Teaser article={article} site={site} sectionSlugs={sectionSlugs} heading={lead ? 'h3' : 'h2'} />
          ))}
        </div>
      ) : (
        ''
      )}
    </>
  );
}

export function Pagination({ page, href }: { page: Page<unknown>; href: (page: number) => string }): JSX.Element {
  if (page.pageCount <= 1) return '';
  return (
    <nav class="pagination" aria-label="Pages">
      {page.page > 1 ? (
        <a rel="prev" href={href(page.page - 1)}>
          ← Newer
        </a>
      ) : (
        <span />
      )}
      <span class="pagination-status">{`Page ${page.page} of ${page.pageCount}` as 'safe'}</span>
      {page.page < page.pageCount ? (
        <a rel="next" href={href(page.page + 1)}>
          Older →
        </a>
      ) : (
        <span />
      )}
    </nav>
  );
}
