import fs from 'node:fs';
import path from 'node:path';

/** Backups Broadsheet names itself: `broadsheet-20260105T093000Z.db`, which sort by time. */
const BACKUP_NAME = /^broadsheet-\d{8}T\d{6}Z\.db$/;

/** The file name of a backup taken at `at`. */
export function backupFileName(at: Date): string {
  return `broadsheet-${fileStamp(at)}.db`;
}

/** `at` as `20260105T093000Z`, for file names. */
export function fileStamp(at: Date): string {
  return at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

/**
 * Deletes the oldest of Broadsheet's own backups in `dir` beyond the newest `keep` (at least one,
 * so the newest is never deleted). Other files in the folder are left alone. Returns what it deleted.
 */
export function pruneBackups(dir: string, keep: number): string[] {
  const ours = fs
    .readdirSync(dir)
    .filter((name) => BACKUP_NAME.test(name))
    .sort()
    .reverse();
  const old = ours.slice(Math.max(1, keep));
  for (const name of old) fs.rmSync(path.join(dir, name), { force: true });
  return old;
}

/** Where `serve` notes its process id while it has the database open. */
function pidFile(databaseFile: string): string {
  return `${databaseFile}.serve-pid`;
}

/** Records that this process serves `databaseFile`; the returned function takes the note away again. */
export function noteServing(databaseFile: string): () => void {
  const file = pidFile(databaseFile);
  fs.writeFileSync(file, String(process.pid));
  return () => {
    if (servingProcess(databaseFile) === process.pid) fs.rmSync(file, { force: true });
  };
}

/**
 * The id of a live `serve` process that has `databaseFile` open, or null. A server killed without
 * a chance to clean up leaves its note behind; a note naming a process that no longer runs is ignored.
 */
export function servingProcess(databaseFile: string): number | null {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(pidFile(databaseFile), 'utf8').trim());
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else; it still holds the database.
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : null;
  }
}
