import { largestFile, type DeliveredPicture } from '../domain/media/delivery.ts';
import type { Article, Author, Tag, TagRef } from '../domain/shared/model.ts';
import type { PageContext } from './context.ts';
import { paths } from '../paths/site.ts';
import {
  absoluteUrl,
  breadcrumbData,
  collectionPageData,
  isoWithOffset,
  newsArticleData,
  profilePageData,
  scriptJson,
  webSiteData,
  type Crumb,
  type StructuredData,
} from './structured-data.ts';

/** What a page tells search engines and social networks beyond its title, description and address. */
export interface PageMeta {
  /** Open Graph's type: 'article' on an article's page, 'website' elsewhere. */
  readonly type: 'article' | 'website';
  readonly image?: DeliveredPicture | null;
  readonly article?: {
    readonly publishedAt: Date;
    readonly modifiedAt: Date;
    readonly authorPath: string;
    readonly section: string | undefined;
    readonly tags: readonly string[];
  };
  /** The page's own language when it differs from the publication's. */
  readonly language?: string | null;
  /** Each object becomes one JSON-LD script. */
  readonly structuredData: readonly StructuredData[];
}

const DESCRIPTION_LENGTH = 160;

/**
 * An article's description: its standfirst, or else the opening of its text. Only the start of the
 * stored HTML is read, so a long article costs no more than a short one.
 */
export function describeArticle(article: Pick<Article, 'standfirst' | 'bodyHtml'>): string | undefined {
  if (article.standfirst) return article.standfirst;
  const text = decodeEntities(article.bodyHtml.slice(0, 4000).replace(/<[^>]*>?/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length <= DESCRIPTION_LENGTH) return text || undefined;
  const cut = text.slice(0, DESCRIPTION_LENGTH);
  const lastSpace = cut.lastIndexOf(' ');
  return `${lastSpace > DESCRIPTION_LENGTH / 2 ? cut.slice(0, lastSpace) : cut}…`;
}

function decodeEntities(html: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
  return html.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, body: string) => {
    if (body.startsWith('#')) {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    }
    return named[body.toLowerCase()] ?? entity;
  });
}

export function articleMeta(ctx: PageContext, article: Article, trail: readonly Crumb[], section: TagRef | undefined): PageMeta {
  const publishedAt = article.publishedAt ?? article.updatedAt;
  return {
    type: 'article',
    image: article.image,
    article: {
      publishedAt,
      modifiedAt: new Date(Math.max(publishedAt.getTime(), article.updatedAt.getTime())),
      authorPath: paths.author(article.author.slug),
      section: section?.name,
      tags: article.tags.map((tag) => tag.name),
    },
    language: article.language,
    structuredData: [newsArticleData(ctx, article, describeArticle(article) ?? ctx.site.description), breadcrumbData(ctx, trail)],
  };
}

export function tagMeta(ctx: PageContext, tag: Tag, canonicalPath: string, description: string, trail: readonly Crumb[]): PageMeta {
  return {
    type: 'website',
    structuredData: [collectionPageData(ctx, tag, absoluteUrl(ctx, canonicalPath), description), breadcrumbData(ctx, trail)],
  };
}

export function authorMeta(ctx: PageContext, author: Author, canonicalPath: string, trail: readonly Crumb[]): PageMeta {
  return {
    type: 'website',
    structuredData: [profilePageData(ctx, author, absoluteUrl(ctx, canonicalPath)), breadcrumbData(ctx, trail)],
  };
}

/** The front page describes the publication; its later pages are only lists. */
export function homeMeta(ctx: PageContext, page: number): PageMeta {
  return { type: 'website', structuredData: page === 1 ? [webSiteData(ctx)] : [] };
}

/** Maximizing a locale costs about 20 µs, and every page asks for its language's. */
const openGraphLocales = new Map<string, string>();

/** "en" → "en_US", "zh-Hant" → "zh_TW": Open Graph wants a language and a territory. */
export function openGraphLocale(language: string): string {
  let locale = openGraphLocales.get(language);
  if (locale === undefined) {
    locale = readOpenGraphLocale(language);
    // An article's language is an editor's (or an import's) text: the memory is kept bounded.
    if (openGraphLocales.size >= 1_000) openGraphLocales.clear();
    openGraphLocales.set(language, locale);
  }
  return locale;
}

function readOpenGraphLocale(language: string): string {
  try {
    const locale = new Intl.Locale(language).maximize();
    return locale.region ? `${locale.language}_${locale.region}` : locale.language;
  } catch {
    return language.replace(/-/g, '_');
  }
}

export interface SocialMetaProps {
  readonly ctx: PageContext;
  /** The page's title without the site's name, which og:site_name carries. */
  readonly title: string;
  readonly description: string;
  /** The canonical URL, absolute. */
  readonly url: string;
  readonly meta?: PageMeta | undefined;
}

/** Open Graph and Twitter card tags, then the page's JSON-LD, all inside `<head>`. */
export function SocialMeta({ ctx, title, description, url, meta }: SocialMetaProps): JSX.Element {
  const image = meta?.image ? cardImage(ctx, meta.image) : null;
  const article = meta?.article;
  const zone = ctx.site.timeZone;
  return (
    <>
      <meta property="og:site_name" content={ctx.site.title} />
      <meta property="og:type" content={meta?.type ?? 'website'} />
      <meta property="og:title" content={title} />
      <meta property="og:description" content={description} />
      <meta property="og:url" content={url} />
      <meta property="og:locale" content={openGraphLocale(meta?.language ?? ctx.site.language)} />
      {image ? (
        <>
          <meta property="og:image" content={image.url} />
          {image.width ? <meta property="og:image:width" content={String(image.width)} /> : ''}
          {image.height ? <meta property="og:image:height" content={String(image.height)} /> : ''}
          {image.alt ? <meta property="og:image:alt" content={image.alt} /> : ''}
        </>
      ) : (
        ''
      )}
      {article ? (
        <>
          <meta property="article:published_time" content={isoWithOffset(article.publishedAt, zone)} />
          <meta property="article:modified_time" content={isoWithOffset(article.modifiedAt, zone)} />
          <meta property="article:author" content={absoluteUrl(ctx, article.authorPath)} />
          {article.section ? <meta property="article:section" content={article.section} /> : ''}
          {article.tags.map((tag) => (
            <meta property="article:tag" content={tag} />
          ))}
        </>
      ) : (
        ''
      )}
      <meta name="twitter:card" content={image ? 'summary_large_image' : 'summary'} />
      <meta name="twitter:title" content={title} />
      <meta name="twitter:description" content={description} />
      {image ? <meta name="twitter:image" content={image.url} /> : ''}
      {image?.alt ? <meta name="twitter:image:alt" content={image.alt} /> : ''}
      {(meta?.structuredData ?? []).map((data) => (
        <script type="application/ld+json">{scriptJson(data) as 'safe'}</script>
      ))}
    </>
  );
}

/**
 * The picture a link preview shows: the 1200x630 crop made for social cards, cut around the focal
 * point; an imported picture's old address until it is brought home; nothing while it is processed.
 */
function cardImage(ctx: PageContext, picture: DeliveredPicture): { url: string; alt: string; width: number; height: number } | null {
  const file = picture.social ?? largestFile(picture);
  if (file) return { url: absoluteUrl(ctx, paths.mediaFile(file.fileName)), alt: picture.alt, width: file.width, height: file.height };
  if (picture.externalUrl) return { url: absoluteUrl(ctx, picture.externalUrl), alt: picture.alt, width: 0, height: 0 };
  return null;
}
