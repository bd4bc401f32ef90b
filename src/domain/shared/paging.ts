import { NotFoundError } from './errors.ts';
import type { Page } from './model.ts';

export const ARTICLES_PER_PAGE = 10;

/**
 * Fetches page `page` (1-based) of a listing. Asking past the last page is a 404 rather than an
 * empty page, so crawlers do not index endless blank pages.
 */
export async function pageOf<T>(
  page: number,
  fetch: (limit: number, offset: number) => Promise<{ items: T[]; total: number }>,
  perPage: number = ARTICLES_PER_PAGE,
): Promise<Page<T>> {
  if (!Number.isInteger(page) || page < 1) throw new NotFoundError('The page');
  const { items, total } = await fetch(perPage, (page - 1) * perPage);
  const pageCount = Math.max(1, Math.ceil(total / perPage));
  if (page > pageCount) throw new NotFoundError('The page');
  return { items, page, pageCount, total };
}
