import type { Config } from '../config.ts';
import type { DB } from '../db/schema.ts';
import { openChangeFeed } from '../db/sqlite/change-feed.ts';
import { migrate, openSqlite } from '../db/sqlite/connection.ts';
import { sqliteReadiness } from '../db/sqlite/readiness.ts';
import { createStore } from '../db/store.ts';
import type { ChangeFeed } from '../domain/site/cache-keys.ts';
import { type Deps } from '../domain/store.ts';
import { systemClock, type Clock } from '../domain/shared/ports.ts';
import { configuredJobKinds } from '../outbox/handlers.ts';
import { bodyFigures } from '../views/body-figure.tsx';

export interface Runtime {
  readonly db: DB;
  readonly deps: Deps;
  /** Names of the migrations this start applied. */
  readonly migrated: string[];
  /** The keys of what was changed since the last poll, by this process or any other (the page cache reads it). */
  readonly changes: ChangeFeed;
  /** What the server's `/readyz` asks of the database: it answers, and its migrations are all applied. */
  readonly readiness: ReturnType<typeof sqliteReadiness>;
  close(): Promise<void>;
}

/** Opens the database, brings its schema up to date, and wires the use cases' dependencies. */
export async function openRuntime(config: Config, clock: Clock = systemClock, options: { bulkWrites?: boolean } = {}): Promise<Runtime> {
  const db = openSqlite(config.databaseFile, options);
  try {
    const migrated = await migrate(db);
    const changes = openChangeFeed(db);
    return {
      db,
      deps: { store: createStore(db, clock), clock, jobKinds: configuredJobKinds(config), figures: bodyFigures },
      migrated,
      changes,
      readiness: sqliteReadiness(db),
      close: () => {
        changes.close();
        return db.destroy();
      },
    };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}
