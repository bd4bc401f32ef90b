import { largestFile, type DeliveredPicture } from '../domain/media/delivery.ts';
import type { Article, Author, Tag } from '../domain/shared/model.ts';
import { wallClockOf } from '../domain/shared/zoned-time.ts';
import type { PageContext } from './context.ts';
import { paths } from '../paths/site.ts';

/** A schema.org object, as search engines read it from a page's JSON-LD. */
export type StructuredData = Readonly<Record<string, unknown>>;

/** One step of a breadcrumb trail; `path` is the page's own path. */
export interface Crumb {
  readonly name: string;
  readonly path: string;
}

/** The publisher's wordmark in public/, at the size Google asks of a news publisher's logo. */
export const LOGO = { path: '/assets/logo.png', width: 600, height: 60 } as const;

const CONTEXT = 'https://schema.org';

/**
 * JSON for inside a `<script>` element. `<` is escaped so that a headline with `</script>` or
 * `<!--` cannot end the script early; `>` and `&` for HTML parsers that look further; U+2028 and
 * U+2029 because older JavaScript engines read them as line ends.
 */
export function scriptJson(data: unknown): string {
  return JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * A site path, or an image URL kept as uploaded or imported, made absolute. A path is appended to
 * the site's address as the canonical link is, so a site served under a sub-path keeps it.
 */
export function absoluteUrl(ctx: PageContext, pathOrUrl: string): string {
  if (pathOrUrl.startsWith('/') && !pathOrUrl.startsWith('//')) return ctx.siteUrl + pathOrUrl;
  return new URL(pathOrUrl, ctx.siteUrl + '/').href;
}

/** ISO 8601 with the publication's own UTC offset ("2026-11-25T09:30:00+08:00"), as Google asks. */
export function isoWithOffset(date: Date, timeZone: string): string {
  const wallClock = wallClockOf(date, timeZone);
  const offsetMinutes = Math.round((wallClock.getTime() - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const hours = String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, '0');
  const minutes = String(Math.abs(offsetMinutes) % 60).padStart(2, '0');
  return `${wallClock.toISOString().slice(0, 19)}${sign}${hours}:${minutes}`;
}

/** The publication, as the publisher of its articles. */
export function publisherData(ctx: PageContext): StructuredData {
  return {
    '@type': 'Organization',
    name: ctx.site.title,
    url: absoluteUrl(ctx, paths.home()),
    logo: { '@type': 'ImageObject', url: absoluteUrl(ctx, LOGO.path), width: LOGO.width, height: LOGO.height },
  };
}

function personData(ctx: PageContext, author: Pick<Author, 'name' | 'slug'> & { bio?: string }): StructuredData {
  return {
    '@type': 'Person',
    name: author.name,
    url: absoluteUrl(ctx, paths.author(author.slug)),
    ...(author.bio ? { description: author.bio } : {}),
  };
}

export function newsArticleData(ctx: PageContext, article: Article, description: string): StructuredData {
  const url = absoluteUrl(ctx, paths.article(article.slug));
  const published = article.publishedAt ?? article.updatedAt;
  return {
    '@context': CONTEXT,
    '@type': 'NewsArticle',
    headline: article.headline,
    description,
    ...structuredImages(ctx, article.image),
    datePublished: isoWithOffset(published, ctx.site.timeZone),
    // An article is never modified before it was published, whatever an import says.
    dateModified: isoWithOffset(new Date(Math.max(published.getTime(), article.updatedAt.getTime())), ctx.site.timeZone),
    author: [personData(ctx, article.author)],
    publisher: publisherData(ctx),
    mainEntityOfPage: { '@type': 'WebPage', '@id': url },
    url,
    ...(article.tags.length > 0 ? { keywords: article.tags.map((tag) => tag.name) } : {}),
    inLanguage: article.language ?? ctx.site.language,
  };
}

export function collectionPageData(ctx: PageContext, tag: Tag, url: string, description: string): StructuredData {
  return {
    '@context': CONTEXT,
    '@type': 'CollectionPage',
    name: tag.name,
    description,
    url,
    inLanguage: ctx.site.language,
    isPartOf: { '@type': 'WebSite', name: ctx.site.title, url: absoluteUrl(ctx, paths.home()) },
  };
}

export function profilePageData(ctx: PageContext, author: Author, url: string): StructuredData {
  return {
    '@context': CONTEXT,
    '@type': 'ProfilePage',
    url,
    inLanguage: ctx.site.language,
    mainEntity: personData(ctx, author),
  };
}

/** The publication itself, with the search box search engines may show under its name. */
export function webSiteData(ctx: PageContext): StructuredData {
  return {
    '@context': CONTEXT,
    '@type': 'WebSite',
    name: ctx.site.title,
    description: ctx.site.description,
    url: absoluteUrl(ctx, paths.home()),
    inLanguage: ctx.site.language,
    publisher: publisherData(ctx),
    potentialAction: {
      '@type': 'SearchAction',
      target: { '@type': 'EntryPoint', urlTemplate: absoluteUrl(ctx, '/search') + '?q={search_term_string}' },
      'query-input': 'required name=search_term_string',
    },
  };
}

export function breadcrumbData(ctx: PageContext, trail: readonly Crumb[]): StructuredData {
  return {
    '@context': CONTEXT,
    '@type': 'BreadcrumbList',
    itemListElement: trail.map((crumb, index) => ({
      '@type': 'ListItem',
      position: index + 1,
      name: crumb.name,
      item: absoluteUrl(ctx, crumb.path),
    })),
  };
}

/**
 * A news article's JSON-LD `image`: the 16:9, 4:3 and 1:1 crops Google asks for, as ImageObjects
 * with their sizes; an imported picture's old address until it is brought home; none while processing.
 */
function structuredImages(ctx: PageContext, picture: DeliveredPicture | null): { image?: unknown[] } {
  if (!picture) return {};
  const files = picture.structured.length > 0 ? picture.structured : [largestFile(picture)].filter((file) => file !== null);
  if (files.length > 0) {
    return {
      image: files.map((file) => ({
        '@type': 'ImageObject',
        url: absoluteUrl(ctx, paths.mediaFile(file.fileName)),
        width: file.width,
        height: file.height,
      })),
    };
  }
  return picture.externalUrl ? { image: [absoluteUrl(ctx, picture.externalUrl)] } : {};
}
