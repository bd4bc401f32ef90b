import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import type { DB } from '../schema.ts';
import { connectionOf } from './bulk.ts';
import { KNOWN_MIGRATIONS } from './connection.ts';

/** Pages copied per step: 16 MB with SQLite's 4 KB pages, so a step stays short for the server's other work. */
const PAGES_PER_STEP = 4096;

/**
 * Writes a consistent snapshot of the open database `db` to `file` with SQLite's online backup
 * API while the site keeps serving. Writes through `db`'s own connection land in the copy as it
 * goes; a write from another process restarts the copy, and after one restart the rest is copied
 * in a single step (a read transaction, which under WAL does not hold writers back), so a busy
 * site cannot keep a backup from finishing. The copy is written beside `file` and renamed into
 * place when complete, and is a single file (rollback journal), ready to be moved elsewhere.
 */
export async function backupDatabase(db: DB, file: string): Promise<{ bytes: number }> {
  const partial = `${file}.partial`;
  fs.rmSync(partial, { force: true });
  let remaining = Infinity;
  try {
    await connectionOf(db).backup(partial, {
      progress: ({ remainingPages }) => {
        const restarted = remainingPages > remaining;
        remaining = remainingPages;
        return restarted ? 0x7fffffff : PAGES_PER_STEP;
      },
    });
    const copy = new SQLite(partial);
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    fs.renameSync(partial, file);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
  return { bytes: fs.statSync(file).size };
}

/** Why a file cannot be restored, in a sentence its reader can act on. */
export class RestoreRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestoreRefused';
  }
}

/**
 * Checks that `file` is a whole Broadsheet database this version can run: SQLite's own
 * `integrity_check` passes, it has Broadsheet's migrations table, and none of its migrations is
 * unknown here (a newer version's schema). Refuses with a `RestoreRefused` saying what is wrong.
 * Opens `file` read-write (a WAL file must be able to make its index): pass a copy.
 */
export function checkBackup(file: string, shownAs = file): { migrations: string[] } {
  let sqlite: SQLite.Database;
  try {
    sqlite = new SQLite(file, { fileMustExist: true });
  } catch (error) {
    throw new RestoreRefused(`${shownAs} cannot be opened as a SQLite database: ${(error as Error).message}`);
  }
  try {
    let problems: string[];
    try {
      problems = (sqlite.pragma('integrity_check') as { integrity_check: string }[]).map((row) => row.integrity_check);
    } catch (error) {
      const { code, message } = error as { code?: string; message: string };
      if (code === 'SQLITE_NOTADB') throw new RestoreRefused(`${shownAs} is not a SQLite database (SQLite says: ${message}).`);
      throw new RestoreRefused(`${shownAs} is damaged: SQLite could not check it (${message}).`);
    }
    if (problems.length !== 1 || problems[0] !== 'ok') {
      throw new RestoreRefused(
        `${shownAs} is damaged: SQLite's integrity check found ${problems.length} problem(s), the first: ${problems[0] ?? 'unknown'}.`,
      );
    }
    const hasMigrations = sqlite.prepare(`select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'`).get();
    if (!hasMigrations) {
      throw new RestoreRefused(`${shownAs} is a SQLite database but not a Broadsheet one: it has no migrations table (kysely_migration).`);
    }
    const migrations = (sqlite.prepare('select name from kysely_migration order by name').all() as { name: string }[]).map((r) => r.name);
    const unknown = migrations.filter((name) => !KNOWN_MIGRATIONS.includes(name));
    if (unknown.length > 0) {
      throw new RestoreRefused(
        `${shownAs} comes from a newer version of Broadsheet: its schema has ${unknown.join(', ')}, which this version does not know. ` +
          'Upgrade Broadsheet, then restore it.',
      );
    }
    // A single file, whatever journal mode the backup was in; the server turns WAL back on when it opens it.
    sqlite.pragma('journal_mode = DELETE');
    return { migrations };
  } finally {
    sqlite.close();
  }
}

/**
 * Replaces the database at `databaseFile` by the backup `source` after checking it. The checks
 * run on a copy beside the database, so the backup itself is never changed and a refused one
 * leaves everything as it was. The current database is first folded into one file (its
 * write-ahead log checkpointed) and kept as `<name>.replaced-<stamp>`, itself a valid backup,
 * so a restore can be undone by restoring that file. The caller makes sure no server has the
 * database open.
 */
export function restoreDatabase(source: string, databaseFile: string, stamp: string): { keptAs: string | null; migrations: string[] } {
  if (!fs.existsSync(source)) throw new RestoreRefused(`${source} does not exist.`);
  fs.mkdirSync(path.dirname(databaseFile), { recursive: true });
  const incoming = `${databaseFile}.restoring`;
  removeDatabaseFiles(incoming);
  fs.copyFileSync(source, incoming);
  try {
    const { migrations } = checkBackup(incoming, source);
    const keptAs = fs.existsSync(databaseFile) ? setAside(databaseFile, `${databaseFile}.replaced-${stamp}`) : null;
    fs.renameSync(incoming, databaseFile);
    return { keptAs, migrations };
  } finally {
    removeDatabaseFiles(incoming);
  }
}

/** Moves the database out of the way as one self-contained file, or, if it cannot be opened, with its WAL and SHM files beside it. */
function setAside(databaseFile: string, keptAs: string): string {
  try {
    const current = new SQLite(databaseFile, { fileMustExist: true });
    try {
      current.pragma('wal_checkpoint(TRUNCATE)');
      current.pragma('journal_mode = DELETE');
    } finally {
      current.close();
    }
  } catch {
    // A damaged database is kept as it is, its log with it: nothing of it is thrown away.
  }
  for (const suffix of ['', '-wal', '-shm']) {
    if (fs.existsSync(databaseFile + suffix)) fs.renameSync(databaseFile + suffix, keptAs + suffix);
  }
  return keptAs;
}

function removeDatabaseFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(file + suffix, { force: true });
}
