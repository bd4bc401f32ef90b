import type { Page } from '../../domain/shared/model.ts';

/** Previous and next links under a newsroom list, with where the reader is; nothing for a single page. */
export function Pager({ page, href }: { page: Page<unknown>; href: (page: number) => string }): JSX.Element {
  if (page.pageCount <= 1) return '';
  return (
    <nav class="pagination" aria-label="Pages">
      {page.page > 1 ? (
        <a rel="prev" href={href(page.page - 1)}>
          ← Previous page
        </a>
      ) : (
        ''
      )}
      <span safe>{`Page ${page.page} of ${page.pageCount}`}</span>
      {page.page < page.pageCount ? (
        <a rel="next" href={href(page.page + 1)}>
          Next page →
        </a>
      ) : (
        ''
      )}
    </nav>
  );
}
