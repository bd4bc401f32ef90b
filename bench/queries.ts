import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Config } from '../src/config.ts';
import { createStore } from '../src/db/store.ts';
import type { Database } from '../src/db/schema.ts';
import { buildApp } from '../src/http/app.ts';
import type { BenchRoute } from './routes.ts';
import { systemClock } from '../src/domain/shared/ports.ts';
import { bodyFigures } from '../src/views/body-figure.tsx';

export interface QueryCount {
  readonly route: string;
  readonly path: string;
  readonly status: number;
  readonly expect: number;
  readonly queries: number;
  readonly items?: number;
  /** The statements, in the order they ran, for reading in latest.json. */
  readonly sql: string[];
}

/**
 * Renders each page once through an app whose Kysely logs every statement, and counts them.
 * This is a second connection to the same file, so the app under load is left untouched.
 */
export async function countQueries(config: Config, routes: readonly BenchRoute[]): Promise<QueryCount[]> {
  let statements: string[] = [];
  const sqlite = new SQLite(config.databaseFile, { readonly: false });
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: sqlite }),
    log: (event) => {
      statements.push(event.query.sql);
    },
  });
  const app = await buildApp({ deps: { store: createStore(db, systemClock), clock: systemClock, figures: bodyFigures }, config });
  try {
    const counts: QueryCount[] = [];
    for (const route of routes) {
      statements = [];
      const response = await app.inject({ method: 'GET', url: route.path, ...(route.headers ? { headers: { ...route.headers } } : {}) });
      counts.push({
        route: route.name,
        path: route.path,
        status: response.statusCode,
        expect: route.expect,
        queries: statements.length,
        ...(route.items === undefined ? {} : { items: route.items }),
        sql: statements,
      });
    }
    return counts;
  } finally {
    await app.close();
    await db.destroy();
  }
}
