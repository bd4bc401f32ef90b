import { Type, type Static } from 'typebox';

/*
 * What addresses carry in both the reader site and the newsroom: the schemas of ids and page
 * numbers, and their reading into numbers once a schema has checked them.
 */

/** A positive whole number written in an address or a query string. */
export const IdText = Type.String({ pattern: '^[1-9]\\d{0,15}$' });

/** `?page=N`, from 1; absent means the first page. */
export const PageQuery = Type.Object({ page: Type.Optional(Type.String({ pattern: '^[1-9]\\d{0,6}$' })) });
export type PageQuery = Static<typeof PageQuery>;

/** The page number of a query its schema has checked: absent is the first page. */
export function pageOf(query: PageQuery): number {
  return query.page === undefined ? 1 : Number(query.page);
}

/** A positive integer id from a query or form value, or null when absent or malformed. */
export function idParam(raw: unknown): number | null {
  return typeof raw === 'string' && /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : null;
}
