import type { Author, Tag, TagRef } from '../domain/shared/model.ts';
import { paths } from './paths.ts';
import type { Crumb } from './structured-data.ts';

const HOME: Crumb = { name: 'Home', path: paths.home() };

/** Home › the article's section (or first tag) › the article. */
export function articleTrail(article: { slug: string; headline: string }, filedUnder: TagRef | undefined): Crumb[] {
  return [
    HOME,
    ...(filedUnder ? [{ name: filedUnder.name, path: paths.tag(filedUnder.slug) }] : []),
    { name: article.headline, path: paths.article(article.slug) },
  ];
}

/** Home › the broader tag, when the tag is filed under one › the tag. */
export function tagTrail(tag: Tag, parent: Tag | null): Crumb[] {
  return [HOME, ...(parent ? [{ name: parent.name, path: paths.tag(parent.slug) }] : []), { name: tag.name, path: paths.tag(tag.slug) }];
}

export function authorTrail(author: Author): Crumb[] {
  return [HOME, { name: author.name, path: paths.author(author.slug) }];
}

/**
 * The visible trail; the last step is the page itself, so it is marked rather than linked.
 * `story` lines it up with an article's narrower column.
 */
export function Breadcrumb({ trail, story }: { trail: readonly Crumb[]; story?: boolean }): JSX.Element {
  const last = trail.length - 1;
  return (
    <nav class={story ? 'breadcrumb breadcrumb-story' : 'breadcrumb'} aria-label="Breadcrumb">
      <ol>
        {trail.map((crumb, index) => (
          <li>
            {index === last ? (
              <span aria-current="page" safe>
                {crumb.name}
              </span>
            ) : (
              <a href={crumb.path} safe>
                {crumb.name}
              </a>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
