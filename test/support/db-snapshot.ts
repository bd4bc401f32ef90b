import { sql } from 'kysely';
import type { DB } from '../../src/db/sqlite/connection.ts';

/**
 * Every row of every table, for comparing a whole database before and after something that
 * should have changed nothing. Kysely's own migration tables are left out.
 */
export async function snapshotDatabase(db: DB): Promise<Record<string, unknown[]>> {
  const tables = await sql<{ name: string }>`
    select name from sqlite_master
    where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%'
    order by name`.execute(db);
  const snapshot: Record<string, unknown[]> = {};
  for (const { name } of tables.rows) {
    // Sorted here rather than by rowid: the search index's tables include some WITHOUT ROWID.
    const rows = (await sql`select * from ${sql.table(name)}`.execute(db)).rows.map((row) => [JSON.stringify(row), row] as const);
    snapshot[name] = rows.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
  }
  return snapshot;
}
