import type SQLite from 'better-sqlite3';
import type { DB } from '../schema.ts';

type Value = string | number | bigint | Buffer | null;
export type BulkRow = Readonly<Record<string, Value>>;

/** The better-sqlite3 connection under each Kysely instance, found through the dialect adapter its transactions share. */
const connections = new WeakMap<object, SQLite.Database>();
const statementsOf = new WeakMap<SQLite.Database, Map<string, SQLite.Statement>>();

export function registerConnection(db: DB, sqlite: SQLite.Database): void {
  connections.set(db.getExecutor().adapter, sqlite);
}

/** The better-sqlite3 connection under `db`, for what only it can do (bulk inserts, online backups). */
export function connectionOf(db: DB): SQLite.Database {
  const sqlite = connections.get(db.getExecutor().adapter);
  if (!sqlite) throw new Error('this needs a database opened by openSqlite');
  return sqlite;
}

/**
 * Inserts rows through one prepared single-row statement, run once per row, on the connection
 * under `db` (inside its transaction when `db` is one). An import writes over a million rows:
 * built by Kysely as multi-row INSERTs, each chunk cost a query tree, its compilation and a
 * statement as large as the chunk (a different one for every chunk length), and together they
 * took more time than SQLite's own work. Every row must have the first row's columns.
 *
 * `conflict` is a literal ON CONFLICT clause, e.g. `on conflict (path) do update set …`.
 */
export function insertRows(db: DB, table: string, rows: readonly BulkRow[], conflict = ''): void {
  if (rows.length === 0) return;
  const sqlite = connectionOf(db);
  const columns = Object.keys(rows[0]!);
  const source = `insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')}) ${conflict}`;
  let statements = statementsOf.get(sqlite);
  if (!statements) statementsOf.set(sqlite, (statements = new Map<string, SQLite.Statement>()));
  let statement = statements.get(source);
  if (!statement) statements.set(source, (statement = sqlite.prepare(source)));
  const values: Value[] = new Array<Value>(columns.length);
  for (const row of rows) {
    for (let i = 0; i < columns.length; i++) values[i] = row[columns[i]!] ?? null;
    statement.run(values);
  }
}
