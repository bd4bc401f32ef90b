import type { SiteSettings } from '../domain/site/site-settings.ts';
import type { ArticleSummary, Page, TagRef } from '../domain/shared/model.ts';
import { formatShortDateTime, plural } from './format.ts';
import { paths } from '../paths/site.ts';
import type { DeliveredPicture } from '../domain/media/delivery.ts';
import { ResponsivePicture } from './picture.tsx';

/**
 * The width a teaser's picture takes (main is 72rem at most, with 1rem of padding each side): the
 * lead story's spans the page on a phone and takes three fifths of it beside its headline from
 * 48rem; the grid has one column on a phone, two from 48rem, three from 64rem (2rem between them).
 */
export const TEASER_SIZES = {
  lead: '(min-width: 72rem) 41rem, (min-width: 48rem) calc(60vw - 2rem), calc(100vw - 2rem)',
  grid: '(min-width: 72rem) 22rem, (min-width: 64rem) calc(33vw - 2rem), (min-width: 48rem) calc(50vw - 2rem), calc(100vw - 2rem)',
} as const;

/**
 * Listings show only pictures with renditions. An imported picture still hot-linked from the old
 * site has no known size, so its slot could not be held and the list would jump as it arrived.
 */
function listedPicture(picture: DeliveredPicture | null): DeliveredPicture | null {
  return picture && picture.sources.length > 0 ? picture : null;
}

/** A listed article's picture, or nothing (see listedPicture); never the page's lead, so it loads lazily. */
export function ListedPicture({
  picture,
  sizes,
  className,
}: {
  picture: DeliveredPicture | null;
  sizes: string;
  className: string;
}): JSX.Element {
  const shown = listedPicture(picture);
  return shown ? <ResponsivePicture picture={shown} layout={{ sizes, className }} /> : '';
}

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
  /** The page's largest picture, above the fold: fetched first rather than when it nears the viewport. */
  readonly priority?: boolean;
}

export function Teaser({ article, site, sectionSlugs, lead, heading = 'h3', priority }: TeaserProps): JSX.Element {
  const kicker = kickerOf(article.tags, sectionSlugs);
  const HeadingTag = lead ? 'h2' : heading;
  const picture = listedPicture(article.image);
  return (
    <article class={lead ? 'teaser teaser-lead' : 'teaser'} lang={article.language ?? undefined}>
      {picture ? (
        <ResponsivePicture
          picture={picture}
          layout={{ sizes: lead ? TEASER_SIZES.lead : TEASER_SIZES.grid, lead: priority === true, className: 'teaser-picture' }}
        />
      ) : (
        ''
      )}
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
  /**
   * The story given the lead treatment above the others, as on the front page; its picture is
   * fetched first. Without one (a tag's or an author's page) the first story's picture is: on a
   * phone it fills the first screen.
   */
  readonly lead?: ArticleSummary | undefined;
}

export function ArticleList({ articles, site, sectionSlugs, lead }: ArticleListProps): JSX.Element {
  if (!lead && articles.length === 0) return <p class="empty">Nothing has been published here yet.</p>;
  return (
    <>
      {lead ? <Teaser article={lead} site={site} sectionSlugs={sectionSlugs} lead priority /> : ''}
      {articles.length > 0 ? (
        <div class="teaser-grid">
          {articles.map((article, index) => (
            <Teaser
              article={article}
              site={site}
              sectionSlugs={sectionSlugs}
              heading={lead ? 'h3' : 'h2'}
              priority={!lead && index === 0}
            />
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
