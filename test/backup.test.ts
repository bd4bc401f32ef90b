import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { backupSchedule } from '../src/cli/backup-schedule.ts';
import { openSqlite } from '../src/db/sqlite/connection.ts';
import { TestClock, tempDataDir } from './support/app.ts';
import { REPO_ROOT, runCli, startServer } from './support/cli.ts';
import { snapshotDatabase } from './support/db-snapshot.ts';

let dataDir: string;
let otherDir: string;
beforeEach(() => {
  dataDir = tempDataDir();
  otherDir = tempDataDir();
});
afterEach(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(otherDir, { recursive: true, force: true });
});

const databaseOf = (dir: string) => path.join(dir, 'broadsheet.db');

/** Every row of every table of the database file, read through a connection of its own. */
async function snapshotOf(file: string): Promise<Record<string, unknown[]>> {
  const db = openSqlite(file);
  try {
    return await snapshotDatabase(db);
  } finally {
    await db.destroy();
  }
}

/** Source rows up to the backup's high-water mark: for a table with ids, those not above the backup's largest. */
function asOf(source: Record<string, unknown[]>, backup: Record<string, unknown[]>): Record<string, unknown[]> {
  return Object.fromEntries(
    Object.entries(source).map(([table, rows]) => {
      const ids = (backup[table] ?? []).map((row) => (row as { id?: unknown }).id).filter((id) => typeof id === 'number');
      if (ids.length === 0) return [table, rows];
      const highest = Math.max(...ids);
      return [table, rows.filter((row) => ((row as { id: number }).id ?? 0) <= highest)];
    }),
  );
}

type SnapshotComment = { id: number; article_id: number; parent_id: number | null; status: string };

function withoutThreadCounts(snapshot: Record<string, unknown[]>): Record<string, unknown[]> {
  return { ...snapshot, comment_threads: [] };
}

/** An article's conversations as its page shows them: approved comments whose parent is not approved or absent. */
function conversationsOf(comments: readonly SnapshotComment[], articleId: number): number {
  const approved = new Set(comments.filter((c) => c.status === 'approved').map((c) => c.id));
  return comments.filter((c) => c.article_id === articleId && approved.has(c.id) && (c.parent_id === null || !approved.has(c.parent_id)))
    .length;
}

/** A second process writing comments into `file` until stopped; resolves once it has written `before`. */
function startWriter(file: string, before: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'test/support/comment-writer.ts'), file], {
    cwd: REPO_ROOT,
  });
  let written = 0;
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      for (const match of chunk.toString().matchAll(/written (\d+)/g)) written = Number(match[1]);
      if (written >= before) resolve();
    });
    child.stderr.on('data', (chunk: Buffer) => reject(new Error(chunk.toString())));
  });
  return {
    ready,
    written: () => written,
    stop: () => new Promise<void>((resolve) => child.once('exit', () => resolve()).kill('SIGTERM')),
  };
}

let demoDir: string;
beforeAll(async () => {
  demoDir = tempDataDir();
  const demo = await runCli(demoDir, ['demo']);
  expect(demo.code, demo.stderr).toBe(0);
}, 60_000);
afterAll(() => fs.rmSync(demoDir, { recursive: true, force: true }));

/** The demo publication in `dir`, copied from the one loaded once for the whole file. */
async function publishedSite(dir: string) {
  const db = openSqlite(databaseOf(demoDir));
  await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
  await db.destroy();
  fs.copyFileSync(databaseOf(demoDir), databaseOf(dir));
}

describe('broadsheet backup', () => {
  it('takes a consistent snapshot while another process writes, and restored it equals the source as of the snapshot', async () => {
    await publishedSite(dataDir);
    const writer = startWriter(databaseOf(dataDir), 100);
    await writer.ready;
    const before = writer.written();
    const backupFile = path.join(otherDir, 'snapshot.db');
    const backup = await runCli(dataDir, ['backup', '--to', backupFile]);
    const during = writer.written();
    await new Promise((resolve) => setTimeout(resolve, 300));
    await writer.stop();

    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toContain(`to ${backupFile}`);
    expect(backup.stdout).toMatch(/\d+(\.\d)? (KB|MB) in \d+\.\d\d s/);
    // Writes went on before, during and after the backup.
    expect(during).toBeGreaterThan(before);
    expect(writer.written()).toBeGreaterThan(during);

    const restoredDir = tempDataDir();
    try {
      const restore = await runCli(restoredDir, ['restore', backupFile]);
      expect(restore.code, restore.stdout + restore.stderr).toBe(0);
      const check = openSqlite(databaseOf(restoredDir));
      const integrity = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(check);
      await check.destroy();
      expect(integrity.rows).toEqual([{ integrity_check: 'ok' }]);

      const restored = await snapshotOf(databaseOf(restoredDir));
      const source = await snapshotOf(databaseOf(dataDir));
      const writerComments = (rows: unknown[] = []) =>
        rows.filter((row) => (row as { user_agent: string }).user_agent === 'comment-writer');
      // The snapshot caught the writer mid-stream: some of its comments, not all.
      expect(writerComments(restored.comments).length).toBeGreaterThanOrEqual(before);
      expect(writerComments(restored.comments).length).toBeLessThan(writerComments(source.comments).length);
      // Each comment the writer adds changes its article's count of conversations: the restored
      // count must be the restored comments' own, and the rest as the source had it.
      expect(withoutThreadCounts(restored)).toEqual(withoutThreadCounts(asOf(source, restored)));
      for (const row of restored.comment_threads as Array<{ article_id: number; conversations: number }>) {
        expect(row.conversations).toBe(conversationsOf(restored.comments as SnapshotComment[], row.article_id));
      }
    } finally {
      fs.rmSync(restoredDir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('broadsheet restore', () => {
  /** A backup of a fresh demo site in `otherDir`, and the current database's bytes to compare after a refusal. */
  async function siteAndBackup(): Promise<{ backupFile: string; current: Buffer }> {
    await publishedSite(dataDir);
    const backupFile = path.join(otherDir, 'good.db');
    expect((await runCli(dataDir, ['backup', '--to', backupFile])).code).toBe(0);
    return { backupFile, current: fs.readFileSync(databaseOf(dataDir)) };
  }

  async function expectRefused(file: string, current: Buffer, message: RegExp) {
    const result = await runCli(dataDir, ['restore', file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(message);
    expect(result.stdout).toContain('The current database is unchanged.');
    expect(fs.readFileSync(databaseOf(dataDir)).equals(current)).toBe(true);
    expect(fs.readdirSync(dataDir).filter((name) => name.includes('replaced') || name.includes('restoring'))).toEqual([]);
  }

  it('refuses a damaged file', async () => {
    const { backupFile, current } = await siteAndBackup();
    const bytes = fs.readFileSync(backupFile);
    // Scribble over the pages after the schema: the file still opens, its tables do not hold together.
    bytes.fill(0x5a, 4096 * 3, Math.min(bytes.length, 4096 * 12));
    const damaged = path.join(otherDir, 'damaged.db');
    fs.writeFileSync(damaged, bytes);
    await expectRefused(damaged, current, /damaged\.db is damaged: /);
  }, 30_000);

  it('refuses a file that is not a SQLite database', async () => {
    const { current } = await siteAndBackup();
    const text = path.join(otherDir, 'notes.db');
    fs.writeFileSync(text, 'Meeting notes, not a database.\n'.repeat(200));
    await expectRefused(text, current, /notes\.db is not a SQLite database/);
  }, 30_000);

  it('refuses a SQLite database that is not a Broadsheet one', async () => {
    const { current } = await siteAndBackup();
    const other = path.join(otherDir, 'other.db');
    const db = openSqlite(other);
    await sql`create table recipes (id integer primary key, name text)`.execute(db);
    await db.destroy();
    await expectRefused(other, current, /other\.db is a SQLite database but not a Broadsheet one: it has no migrations table/);
  }, 30_000);

  it('refuses a backup from a newer version of Broadsheet', async () => {
    const { backupFile, current } = await siteAndBackup();
    const db = openSqlite(backupFile);
    await sql`insert into kysely_migration (name, timestamp) values ('999-from-the-future', '2030-01-01T00:00:00Z')`.execute(db);
    await db.destroy();
    await expectRefused(backupFile, current, /good\.db comes from a newer version of Broadsheet: its schema has 999-from-the-future/);
  }, 30_000);

  it('refuses while a server is serving the database, and says how to go on', async () => {
    const { backupFile } = await siteAndBackup();
    const server = await startServer(dataDir, { BACKUP_EVERY_HOURS: '0' });
    try {
      const result = await runCli(dataDir, ['restore', backupFile]);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(`a Broadsheet server (process ${server.process.pid}) is serving`);
      expect(result.stdout).toContain('Stop it first');
    } finally {
      await new Promise((resolve) => server.process.once('exit', resolve).kill('SIGTERM'));
    }
    // Stopped, the server took its note away: the restore goes ahead.
    expect((await runCli(dataDir, ['restore', backupFile])).code).toBe(0);
  }, 60_000);

  it('keeps the database it replaces aside, so restoring that undoes the restore', async () => {
    const { backupFile } = await siteAndBackup();
    const db = openSqlite(databaseOf(dataDir));
    await sql`update articles set headline = 'Changed after the backup' where id = (select min(id) from articles)`.execute(db);
    const changed = await snapshotDatabase(db);
    await db.destroy();

    const restore = await runCli(dataDir, ['restore', backupFile]);
    expect(restore.code, restore.stdout).toBe(0);
    const keptAs = /kept as (\S+);/.exec(restore.stdout)?.[1];
    expect(keptAs).toMatch(/broadsheet\.db\.replaced-\d{8}T\d{6}Z$/);
    // No write-ahead log was left behind under the restored database's name.
    expect(fs.existsSync(`${databaseOf(dataDir)}-wal`)).toBe(false);
    expect(JSON.stringify(await snapshotOf(databaseOf(dataDir)))).not.toContain('Changed after the backup');

    expect((await runCli(dataDir, ['restore', keptAs!])).code).toBe(0);
    expect(await snapshotOf(databaseOf(dataDir))).toEqual(changed);
  }, 60_000);
});

describe('scheduled backups', () => {
  it('keeps exactly the newest BACKUP_KEEP backups, and a failure waits for the next interval without throwing', async () => {
    await publishedSite(dataDir);
    const config = loadConfig({ BROADSHEET_DATA: dataDir, BACKUP_EVERY_HOURS: '6', BACKUP_KEEP: '3' });
    const clock = new TestClock(new Date('2026-03-01T00:00:00Z'));
    const logged: string[] = [];
    const db = openSqlite(config.databaseFile);
    const schedule = backupSchedule({ db, clock, settings: config.backups, log: (message) => logged.push(message) });
    const backups = () => fs.readdirSync(config.backups.dir).sort();
    try {
      await schedule.tick();
      expect(fs.existsSync(config.backups.dir)).toBe(false); // not due yet
      for (let i = 0; i < 5; i++) {
        clock.advance(6 * 60 * 60 * 1000);
        await schedule.tick();
      }
      expect(backups()).toEqual(['broadsheet-20260301T180000Z.db', 'broadsheet-20260302T000000Z.db', 'broadsheet-20260302T060000Z.db']);
      // A note beside the backups is not a backup, and is never pruned.
      fs.writeFileSync(path.join(config.backups.dir, 'README.txt'), 'off-site copies go to the vault');

      // The folder becomes a file: the backup fails, is logged, and is tried again an interval later.
      fs.renameSync(config.backups.dir, `${config.backups.dir}.moved`);
      fs.writeFileSync(config.backups.dir, 'in the way');
      clock.advance(6 * 60 * 60 * 1000);
      await schedule.tick();
      expect(logged.at(-1)).toMatch(/^Backup to .* failed: .*Next try at 2026-03-02T18:00:00\.000Z\.$/);
      fs.rmSync(config.backups.dir);
      fs.renameSync(`${config.backups.dir}.moved`, config.backups.dir);
      clock.advance(60 * 60 * 1000);
      await schedule.tick();
      expect(backups()).toHaveLength(4);
      clock.advance(5 * 60 * 60 * 1000);
      await schedule.tick();
      expect(backups()).toEqual([
        'README.txt',
        'broadsheet-20260302T000000Z.db',
        'broadsheet-20260302T060000Z.db',
        'broadsheet-20260302T180000Z.db',
      ]);
    } finally {
      schedule.stop();
      await db.destroy();
    }
  }, 30_000);

  it('lists every problem with the backup settings at start', () => {
    expect(() => loadConfig({ BACKUP_EVERY_HOURS: 'daily', BACKUP_KEEP: '0' })).toThrow(
      /BACKUP_EVERY_HOURS must be a number of hours[\s\S]*BACKUP_KEEP must be a whole number of backups, at least 1/,
    );
  });
});
