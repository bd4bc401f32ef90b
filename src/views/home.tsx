import type { ArticleSummary, Page } from '../domain/model.ts';
import { ArticleList, Pagination } from './article-list.tsx';
import type { PageContext } from './context.ts';
import { Layout } from './layout.tsx';
import { paths } from './paths.ts';

export function HomePage({ ctx, articles }: { ctx: PageContext; articles: Page<ArticleSummary> }): JSX.Element {
  const sectionSlugs = new Set(ctx.sections.map((s) => s.slug));
  return (
    <Layout
      ctx={ctx}
      title={articles.page > 1 ? `Latest news, page ${articles.page}` : undefined}
      canonicalPath={paths.home(articles.page)}
    >
      <h1 class="visually-hidden">{articles.page > 1 ? `Latest news, page ${articles.page}` : 'Latest news'}</h1>
      <ArticleList articles={articles.items} site={ctx.site} sectionSlugs={sectionSlugs} withLead={articles.page === 1} />
      <Pagination page={articles} href={paths.home} />
    </Layout>
  );
}
