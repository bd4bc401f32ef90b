import type { SitePage } from '../domain/shared/model.ts';
import type { PageContext } from './context.ts';
import { Layout } from './layout.tsx';
import { paths } from './paths.ts';

/** A standalone page (About, Contact): its title and body, nothing else. */
export function SitePageView({ ctx, page }: { ctx: PageContext; page: SitePage }): JSX.Element {
  // Rendered from Markdown, or sanitized HTML, when the page was saved.
  const safeBody = page.bodyHtml;
  return (
    <Layout ctx={ctx} title={page.title} canonicalPath={paths.page(page.slug)}>
      <article class="story site-page">
        <header class="story-header">
          <h1 class="story-headline" safe>
            {page.title}
          </h1>
        </header>
        <div class="story-body">{safeBody}</div>
      </article>
    </Layout>
  );
}
