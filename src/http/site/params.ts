import type { PageQuery } from './schema.ts';

/** The page number of a query its schema has checked: absent is the first page. */
export function pageOf(query: PageQuery): number {
  return query.page === undefined ? 1 : Number(query.page);
}

/** A positive integer id from a query or form value, or null when absent or malformed. */
export function idParam(raw: unknown): number | null {
  return typeof raw === 'string' && /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : null;
}
