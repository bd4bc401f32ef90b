import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type Migration, type MigrationProvider } from 'kysely';
import type { Database, DB } from '../schema.ts';
import * as initial from './migrations/001-initial.ts';
import * as newsroom from './migrations/002-newsroom.ts';
import * as importing from './migrations/003-import.ts';
import * as search from './migrations/004-search.ts';
import * as feeds from './migrations/005-feeds.ts';
import * as resetRequests from './migrations/006-reset-requests.ts';
import * as spam from './migrations/007-spam.ts';
import * as outbox from './migrations/008-outbox.ts';
import * as commentThreads from './migrations/009-comment-threads.ts';
import * as resanitizeHtml from './migrations/010-resanitize-html.ts';
import * as changeLog from './migrations/011-change-log.ts';
import * as commentThreadStarts from './migrations/012-comment-thread-starts.ts';
import * as commentThreadCount from './migrations/013-comment-thread-count.ts';
import * as mediaLibrary from './migrations/014-media-library.ts';
import * as articleBodyMedia from './migrations/015-article-body-media.ts';
import * as mediaCacheChanges from './migrations/016-media-cache-changes.ts';
import * as mediaRenditionFiles from './migrations/017-media-rendition-files.ts';
import * as pageBodyMedia from './migrations/018-page-body-media.ts';
import { buildDeferredIndexes } from './deferred-indexes.ts';
import { registerConnection } from './bulk.ts';

/** Migrations in the order they run. Add new ones at the end; never edit a released one. */
const MIGRATIONS: Record<string, Migration> = {
  '001-initial': initial,
  '002-newsroom': newsroom,
  '003-import': importing,
  '004-search': search,
  '005-feeds': feeds,
  '006-reset-requests': resetRequests,
  '007-spam': spam,
  '008-outbox': outbox,
  '009-comment-threads': commentThreads,
  '010-resanitize-html': resanitizeHtml,
  '011-change-log': changeLog,
  '012-comment-thread-starts': commentThreadStarts,
  '013-comment-thread-count': commentThreadCount,
  '014-media-library': mediaLibrary,
  '015-article-body-media': articleBodyMedia,
  '016-media-cache-changes': mediaCacheChanges,
  '017-media-rendition-files': mediaRenditionFiles,
  '018-page-body-media': pageBodyMedia,
};

/**
 * Opens (creating if needed) the SQLite database file, tuned for a web server's many readers, or
 * with `bulkWrites` for an import's long run of large transactions.
 */
export function openSqlite(file: string, options: { bulkWrites?: boolean } = {}): DB {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  // WAL lets pages be read while a comment is being written; NORMAL sync is safe under WAL.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  // A CLI command and the server may write at once; wait for the lock instead of failing.
  sqlite.pragma('busy_timeout = 5000');
  if (options.bulkWrites) {
    // Copying the write-ahead log back into the database every 4 MB (the default) made each
    // import batch's commit wait on a checkpoint and its fsync; every 200 MB it is a few in all.
    // A page cache of 8 MB (the default is 2 MB) keeps the hottest index pages at hand between
    // batches; a larger one took memory that an import's 300 MB budget needs, and saved no time.
    sqlite.pragma('wal_autocheckpoint = 50000');
    sqlite.pragma('cache_size = -8192');
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  registerConnection(db, sqlite);
  return db;
}

/**
 * Kysely prepares every statement anew, and on a page of six small queries the preparing costs
 * about as much as the running. A page's statements repeat from request to request, so keep the
 * most recently used ones (SQLite re-prepares a kept statement by itself if the schema changes).
 */
function withStatementCache(sqlite: SQLite.Database, size = 500): SQLite.Database {
  const statements = new Map<string, SQLite.Statement>();
  const prepare = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((source: string) => {
    let statement = statements.get(source);
    if (statement) statements.delete(source);
    else statement = prepare(source);
    statements.set(source, statement);
    if (statements.size > size) statements.delete(statements.keys().next().value!);
    return statement;
  }) as SQLite.Database['prepare'];
  return sqlite;
}

/** The names of the migrations this version knows, oldest first: a database with any other is from a newer version. */
export const KNOWN_MIGRATIONS: readonly string[] = Object.keys(MIGRATIONS);

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(MIGRATIONS) };

/** Brings the schema up to date; returns the names of the migrations it ran. */
export async function migrate(db: DB): Promise<string[]> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error('a migration failed', { cause: error });
  await buildDeferredIndexes(db);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
