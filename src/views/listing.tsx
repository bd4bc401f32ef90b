import type { ArticleSummary, Author, Page, Tag, TagAlias } from '../domain/shared/model.ts';
import { ArticleList, Pagination } from './article-list.tsx';
import { authorTrail, Breadcrumb, tagTrail } from './breadcrumb.tsx';
import type { PageContext } from './context.ts';
import { plural } from './format.ts';
import { Layout } from './layout.tsx';
import { authorMeta, tagMeta } from './metadata.tsx';
import { paths } from './paths.ts';

function pageSuffix(page: Page<unknown>): string {
  return page.page > 1 ? `, page ${page.page}` : '';
}

export function TagPage({
  ctx,
  tag,
  aliases,
  articles,
  parent,
  children,
}: {
  ctx: PageContext;
  tag: Tag;
  aliases: readonly TagAlias[];
  articles: Page<ArticleSummary>;
  /** The broader tag this one is filed under, and the narrower ones filed under it. */
  parent: Tag | null;
  children: readonly Tag[];
}): JSX.Element {
  const sectionSlugs = new Set(ctx.sections.map((s) => s.slug));
  const description = tag.description || `Articles tagged ${tag.name}`;
  const canonicalPath = paths.tag(tag.slug, articles.page);
  const trail = tagTrail(tag, parent);
  return (
    <Layout
      ctx={ctx}
      title={tag.name + pageSuffix(articles)}
      description={description}
      canonicalPath={canonicalPath}
      meta={tagMeta(ctx, tag, canonicalPath, description, trail)}
      feeds={[{ kind: 'tag', tag }]}
    >
      <Breadcrumb trail={trail} />
      <header class="listing-header">
        <p class="listing-kind">{tag.isSection ? 'Section' : 'Tag'}</p>
        <h1 safe>{tag.name}</h1>
        {parent ? (
          <p class="listing-parent">
            Part of{' '}
            <a href={paths.tag(parent.slug)} safe>
              {parent.name}
            </a>
          </p>
        ) : (
          ''
        )}
        {tag.description ? (
          <p class="listing-description" safe>
            {tag.description}
          </p>
        ) : (
          ''
        )}
        <p class="listing-meta">
          {plural(articles.total, 'article', 'articles') as 'safe'}
          {aliases.length > 0 ? (
            <>
              {' · Also known as '}
              {aliases.map((alias, i) => (
                <>
                  {i > 0 ? ', ' : ''}
                  <span class="alias" safe>
                    {alias.name}
                  </span>
                </>
              ))}
            </>
          ) : (
            ''
          )}
        </p>
        {children.length > 0 ? (
          <nav class="tag-line tag-children" aria-labelledby="tag-children-title">
            <p class="listing-meta" id="tag-children-title" safe>
              {`Within ${tag.name}`}
            </p>
            <ul>
              {children.map((child) => (
                <li>
                  <a href={paths.tag(child.slug)} safe>
                    {child.name}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        ) : (
          ''
        )}
      </header>
      <ArticleList articles={articles.items} site={ctx.site} sectionSlugs={sectionSlugs} />
      <Pagination page={articles} href={(page) => paths.tag(tag.slug, page)} />
    </Layout>
  );
}

export function AuthorPage({ ctx, author, articles }: { ctx: PageContext; author: Author; articles: Page<ArticleSummary> }): JSX.Element {
  const sectionSlugs = new Set(ctx.sections.map((s) => s.slug));
  const canonicalPath = paths.author(author.slug, articles.page);
  const trail = authorTrail(author);
  return (
    <Layout
      ctx={ctx}
      title={author.name + pageSuffix(articles)}
      description={author.bio || `Articles by ${author.name}`}
      canonicalPath={canonicalPath}
      meta={authorMeta(ctx, author, canonicalPath, trail)}
      feeds={[{ kind: 'author', author }]}
    >
      <Breadcrumb trail={trail} />
      <header class="listing-header">
        <p class="listing-kind">Author</p>
        <h1 safe>{author.name}</h1>
        {author.bio ? (
          <p class="listing-description" safe>
            {author.bio}
          </p>
        ) : (
          ''
        )}
        <p class="listing-meta" safe>
          {plural(articles.total, 'article', 'articles')}
        </p>
      </header>
      <ArticleList articles={articles.items} site={ctx.site} sectionSlugs={sectionSlugs} />
      <Pagination page={articles} href={(page) => paths.author(author.slug, page)} />
    </Layout>
  );
}

/** The page for anything that is not there: says so plainly and offers the way on. */
export function NotFoundPage({ ctx, latest }: { ctx: PageContext; latest: readonly ArticleSummary[] }): JSX.Element {
  return (
    <Layout ctx={ctx} title="Page not found" noindex>
      <section class="error-page">
        <p class="listing-kind">Error 404</p>
        <h1>We couldn’t find that page</h1>
        <p>
          The link may be mistyped, or the article may have moved or been taken down. Try the <a href={paths.home()}>front page</a>
          {ctx.sections.length > 0 ? ' or one of our sections above' : ''}.
        </p>
        {latest.length > 0 ? (
          <>
            <h2>Latest stories</h2>
            <ul class="link-list">
              {latest.map((article) => (
                <li>
                  <a href={paths.article(article.slug)} lang={article.language ?? undefined} safe>
                    {article.headline}
                  </a>
                </li>
              ))}
            </ul>
          </>
        ) : (
          ''
        )}
      </section>
    </Layout>
  );
}

/** Any other refusal or failure; for a 5xx it says nothing of the internals. */
export function ErrorPage({ ctx, status, message }: { ctx: PageContext; status: number; message: string }): JSX.Element {
  const serverSide = status >= 500;
  return (
    <Layout ctx={ctx} title={serverSide ? 'Something went wrong' : 'That did not work'} noindex>
      <section class="error-page">
        <p class="listing-kind" safe>{`Error ${status}`}</p>
        <h1>{serverSide ? 'Something went wrong on our side' : 'That request could not be handled'}</h1>
        <p safe>{message}</p>
        <p>
          Go back to the <a href={paths.home()}>front page</a>.
        </p>
      </section>
    </Layout>
  );
}
