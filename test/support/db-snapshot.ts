import { sql } from 'kysely';
import type { DB } from '../../src/db/database.ts';

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
    snapshot[name] = (await sql`select * from ${sql.table(name)} order by rowid`.execute(db)).rows;
  }
  return snapshot;
}
