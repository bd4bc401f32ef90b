import { sql } from 'kysely';
import type { DB } from '../schema.ts';
import { KNOWN_MIGRATIONS } from './connection.ts';

/**
 * What `/readyz` asks of the SQLite database (the shape of the app's ReadinessCheck): that it
 * answers a trivial query, and that every migration this version knows has been applied. A
 * PostgreSQL adapter lists its own; a Redis client would add one beside them.
 */
export function sqliteReadiness(db: DB): Array<{ readonly name: string; check(): Promise<string> }> {
  return [
    {
      name: 'database',
      async check() {
        await sql`select 1`.execute(db);
        return 'ok';
      },
    },
    {
      name: 'migrations',
      async check() {
        // Kysely's own table, written by Migrator in connection.ts's migrate().
        const rows = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
        const applied = new Set(rows.rows.map((row) => row.name));
        const pending = KNOWN_MIGRATIONS.filter((name) => !applied.has(name)).length;
        if (pending > 0) return `${pending} pending`;
        // A database migrated by a newer version: this code does not know its schema.
        if (applied.size > KNOWN_MIGRATIONS.length) return 'the database is from a newer version';
        return 'ok';
      },
    },
  ];
}
