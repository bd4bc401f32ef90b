import type { Config } from '../config.ts';
import { migrate, openSqlite, type DB } from '../db/sqlite/connection.ts';
import { createStore } from '../db/store.ts';
import { systemClock, type Clock, type Deps } from '../domain/store.ts';

export interface Runtime {
  readonly db: DB;
  readonly deps: Deps;
  /** Names of the migrations this start applied. */
  readonly migrated: string[];
  close(): Promise<void>;
}

/** Opens the database, brings its schema up to date, and wires the use cases' dependencies. */
export async function openRuntime(config: Config, clock: Clock = systemClock, options: { bulkWrites?: boolean } = {}): Promise<Runtime> {
  const db = openSqlite(config.databaseFile, options);
  try {
    const migrated = await migrate(db);
    return { db, deps: { store: createStore(db, clock), clock }, migrated, close: () => db.destroy() };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}
