import type { FrontPage } from '../domain/articles/articles.ts';
import { ArticleList, Pagination } from './article-list.tsx';
import type { PageContext } from './context.ts';
import { Layout } from './layout.tsx';
import { homeMeta } from './metadata.tsx';
import { paths } from './paths.ts';

/**
 * The front page. The featured article leads it, above the latest; without one, the newest story
 * leads. Later pages list the rest without a lead.
 */
export function HomePage({ ctx, articles }: { ctx: PageContext; articles: FrontPage }): JSX.Element {
  const sectionSlugs = new Set(ctx.sections.map((s) => s.slug));
  const firstPage = articles.page === 1;
  const [newest, ...older] = articles.items;
  const lead = firstPage ? (articles.featured ?? newest) : undefined;
  const rest = firstPage && !articles.featured ? older : articles.items;
  return (
    <Layout
      ctx={ctx}
      title={articles.page > 1 ? `Latest news, page ${articles.page}` : undefined}
      canonicalPath={paths.home(articles.page)}
      meta={homeMeta(ctx, articles.page)}
    >
      <h1 class="visually-hidden">{articles.page > 1 ? `Latest news, page ${articles.page}` : 'Latest news'}</h1>
      <ArticleList articles={rest} site={ctx.site} sectionSlugs={sectionSlugs} lead={lead} />
      <Pagination page={articles} href={paths.home} />
    </Layout>
  );
}
