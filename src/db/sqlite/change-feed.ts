import fs from 'node:fs';
import SQLite from 'better-sqlite3';
import { cacheKey, type ChangeFeed } from '../../domain/site/cache-keys.ts';
import type { DB } from '../schema.ts';
import { connectionOf } from './bulk.ts';

/** Rows older than this are pruned: every reader polls far more often than that. */
const KEEP_MS = 60 * 60 * 1000;
const PRUNE_EVERY_MS = 10 * 60 * 1000;
/**
 * More keys than this at once (an import) purge everything: every page carries `site`, and
 * reading a million rows on a reader's request would stall the server.
 */
const MOST_KEYS = 10_000;

/**
 * The change log (`cache_changes`, written by the triggers of migration 011) as the page cache
 * reads it, starting from the changes committed before the feed opened.
 *
 * It reads through a connection of its own to the same file. The app's connection may be inside a
 * transaction when a cached page is asked for (its statements are interleaved with other requests),
 * and would then see keys that are not committed yet and may be rolled back, after which their ids
 * are used again by the next change, which the feed would then skip. A connection of its own sees
 * only what was committed, in commit order: ids grow without gaps (SQLite writes one transaction at
 * a time, and a rolled-back one gives its ids back), except where pruning removed the oldest rows.
 * A feed that finds a gap after its last id (it was not asked for over an hour) purges everything.
 */
export function openChangeFeed(db: DB): ChangeFeed {
  const reader = new SQLite(connectionOf(db).name, { fileMustExist: true });
  // Never wait for another writer: the event loop would stop with it. A busy prune tries again later.
  reader.pragma('busy_timeout = 0');
  const since = reader.prepare<[number], { id: number; key: string }>(
    `SELECT id, key FROM cache_changes WHERE id > ? ORDER BY id LIMIT ${MOST_KEYS + 1}`,
  );
  const latest = reader.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM cache_changes');
  // The newest row is always kept, so a reader that fell behind sees a gap rather than nothing.
  const prune = reader.prepare<[string]>(
    `DELETE FROM cache_changes
      WHERE id <= (SELECT max(id) FROM cache_changes WHERE changed_at < ?)
        AND id < (SELECT max(id) FROM cache_changes)`,
  );
  let last = latest.get()?.id ?? 0;
  const committed = commitWatch(reader);

  const timer = setInterval(() => {
    try {
      prune.run(new Date(Date.now() - KEEP_MS).toISOString());
    } catch (error) {
      if (!(error instanceof SQLite.SqliteError && error.code.startsWith('SQLITE_BUSY'))) throw error;
    }
  }, PRUNE_EVERY_MS);
  timer.unref();

  return {
    poll() {
      if (!committed.since()) return [];
      const rows = since.all(last);
      if (rows.length === 0) return [];
      const gap = rows[0]!.id !== last + 1;
      if (gap || rows.length > MOST_KEYS) {
        last = latest.get()?.id ?? last;
        return [cacheKey.site];
      }
      last = rows.at(-1)!.id;
      return [...new Set(rows.map((row) => row.key))];
    },
    close() {
      clearInterval(timer);
      committed.close();
      reader.close();
    },
  };
}

/** The two copies of the write-ahead log index's header, at the start of the -shm file (https://sqlite.org/walformat.html). */
const WAL_INDEX_HEADER_BYTES = 96;

/**
 * Whether a transaction may have been committed since the last look, by any connection of any
 * process. Asking SQLite costs a read transaction (two file locks and a statement), on every page
 * the cache answers; this is one read of the write-ahead log index's header, without a lock. Every
 * commit rewrites that header (its change counter and last frame) before it returns, so a header
 * equal to the one read before the last real look means nothing was committed in between: a
 * request that arrives after a commit always sees a changed header. The header is read before the
 * log, so a commit between the two is looked for again next time. A header that cannot be read
 * (the database is not in WAL mode) says "maybe", and the log is read every time.
 */
function commitWatch(reader: SQLite.Database): { since(): boolean; close(): void } {
  let fd: number | null = null;
  if (reader.pragma('journal_mode', { simple: true }) === 'wal') {
    try {
      fd = fs.openSync(`${reader.name}-shm`, 'r');
    } catch {
      fd = null;
    }
  }
  const seen = Buffer.alloc(WAL_INDEX_HEADER_BYTES);
  const now = Buffer.alloc(WAL_INDEX_HEADER_BYTES);
  let looked = false;
  return {
    since() {
      if (fd === null) return true;
      if (fs.readSync(fd, now, 0, WAL_INDEX_HEADER_BYTES, 0) !== WAL_INDEX_HEADER_BYTES) return true;
      if (looked && now.equals(seen)) return false;
      now.copy(seen);
      looked = true;
      return true;
    },
    close() {
      if (fd !== null) fs.closeSync(fd);
      fd = null;
    },
  };
}
