import type { PageContext } from './context.ts';
import { FeedLinks } from './feeds/links.tsx';
import type { FeedSubject } from './feeds/subjects.ts';
import { formatDate } from './format.ts';
import { SocialMeta, type PageMeta, type SocialMetaProps } from './metadata.tsx';
import { keptHtmlStore } from './kept-html.ts';
import { paths } from '../paths/site.ts';

export interface LayoutProps {
  readonly ctx: PageContext;
  /** The page's own title; the site title is appended. */
  readonly title?: string;
  readonly description?: string;
  /** Path of the page's canonical URL; omitted for pages that should not be indexed. */
  readonly canonicalPath?: string;
  readonly noindex?: boolean;
  /** The page's own feeds, announced after the site's, which every page links to. */
  readonly feeds?: readonly FeedSubject[];
  /** Open Graph extras and JSON-LD; every indexable page gets the basic social tags without it. */
  readonly meta?: PageMeta;
  /**
   * The page shows the comment form, which the page script (public/site.js) checks and remembers;
   * other pages do without the script, so a phone has no code to fetch and run on them.
   */
  readonly commentForm?: boolean;
  readonly children?: JSX.Element | JSX.Element[];
}

const keptSocialMeta = keptHtmlStore();
const keptSectionsHtml = keptHtmlStore();
const keptFooterHtml = keptHtmlStore();

/** Which of `links` is the page being rendered, if any: the only part of the address the kept navigation depends on. */
function currentOf(path: string, links: readonly string[]): string | null {
  return links.includes(path) ? path : null;
}

/** The social tags of a page whose metadata is kept (an article's) are rendered once with it. */
function socialMeta(props: SocialMetaProps): string {
  const { ctx, title, description, url, meta } = props;
  if (!meta) return SocialMeta(props) as string;
  return keptSocialMeta(meta, [ctx.site, ctx.siteUrl, title, description, url], () => SocialMeta(props));
}

export function Layout({ ctx, title, description, canonicalPath, noindex, meta, feeds, commentForm, children }: LayoutProps): string {
  const { site } = ctx;
  const fullTitle = title ? `${title} – ${site.title}` : site.title;
  // Rendered by SectionsNav and FooterPages, which escape what they show; kept beside the lists they show.
  const sectionLinks = [paths.home(), ...ctx.sections.map((section) => paths.tag(section.slug))];
  const safeSections = keptSectionsHtml(ctx.sections, [currentOf(ctx.path, sectionLinks)], () => <SectionsNav ctx={ctx} />);
  const pageLinks = ctx.pages.map((page) => paths.page(page.slug));
  const safeFooterPages = keptFooterHtml(ctx.pages, [currentOf(ctx.path, pageLinks)], () => <FooterPages ctx={ctx} />);
  const document = (
    <html lang={site.language}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title safe>{fullTitle}</title>
        <meta name="description" content={description ?? site.description} />
        {canonicalPath ? <link rel="canonical" href={ctx.siteUrl + canonicalPath} /> : ''}
        {canonicalPath
          ? socialMeta({
              ctx,
              title: title ?? site.title,
              description: description ?? site.description,
              url: ctx.siteUrl + canonicalPath,
              meta,
            })
          : ''}
        {noindex ? <meta name="robots" content="noindex" /> : ''}
        <FeedLinks ctx={ctx} feeds={feeds} />
        <meta name="theme-color" content="#1d1d1b" />
        <link rel="stylesheet" href={ctx.assets.css} />
        {commentForm ? <script src={ctx.assets.js} defer></script> : ''}
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <header class="masthead">
          <div class="masthead-inner">
            <p class="masthead-date" safe>
              {formatDate(site, ctx.now)}
            </p>
            <a class="masthead-title" href={paths.home()} safe>
              {site.title}
            </a>
            <p class="masthead-tagline" safe>
              {site.description}
            </p>
            <form class="masthead-search" role="search" action="/search" method="get" aria-label="Search the site">
              <label for="masthead-q">Search</label>
              <input id="masthead-q" type="search" name="q" maxlength="200" placeholder="Search articles" />
              <button type="submit">Go</button>
            </form>
          </div>
          {safeSections}
        </header>
        <main id="main" tabindex="-1">
          {children as 'safe'}
        </main>
        <footer class="site-footer">
          {safeFooterPages}
          <p>
            <strong safe>{site.title}</strong> · <span safe>{site.description}</span>
          </p>
          <p class="powered">Published with Broadsheet, open-source news publishing.</p>
        </footer>
      </body>
    </html>
  ) as string;
  return `<!DOCTYPE html>${document}`;
}

/** The sections bar, kept beside the list of sections for each page it can mark as current. */
function SectionsNav({ ctx }: { ctx: PageContext }): JSX.Element {
  return (
    <nav class="sections" aria-label="Sections">
      <ul>
        <li>
          <a href={paths.home()} aria-current={ctx.path === '/' ? 'page' : undefined}>
            Latest
          </a>
        </li>
        {ctx.sections.map((section) => (
          <li>
            <a href={paths.tag(section.slug)} aria-current={ctx.path === paths.tag(section.slug) ? 'page' : undefined} safe>
              {section.name}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The footer's links to the standalone pages, kept beside their list like the sections bar. */
function FooterPages({ ctx }: { ctx: PageContext }): JSX.Element {
  return ctx.pages.length > 0 ? (
    <nav class="footer-pages" aria-label="About this site">
      <ul>
        {ctx.pages.map((page) => (
          <li>
            <a href={paths.page(page.slug)} aria-current={ctx.path === paths.page(page.slug) ? 'page' : undefined} safe>
              {page.title}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  ) : (
    ''
  );
}
