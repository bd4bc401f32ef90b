import type { SiteSettings } from '../domain/site/site-settings.ts';
import type { RelatedArticle } from '../domain/articles/related.ts';
import { formatDate } from './format.ts';
import { paths } from './paths.ts';

/** Stories to read next, at the foot of an article; nothing at all when there are none. */
export function RelatedArticles({ articles, site }: { articles: readonly RelatedArticle[]; site: SiteSettings }): JSX.Element {
  if (articles.length === 0) return '';
  return (
    <section class="related" aria-labelledby="related-title">
      <h2 id="related-title">Related articles</h2>
      <ul class="related-list">
        {articles.map((article) => (
          <li class="related-item" lang={article.language ?? undefined}>
            <a class="related-headline" href={paths.article(article.slug)} safe>
              {article.headline}
            </a>
            <p class="meta">
              <span safe>{article.author.name}</span>
              {article.publishedAt ? (
                <>
                  {' · '}
                  <time datetime={article.publishedAt.toISOString()} safe>
                    {formatDate(site, article.publishedAt)}
                  </time>
                </>
              ) : (
                ''
              )}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
