import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';
import type { DB } from '../db/schema.ts';
import { backupDatabase } from '../db/sqlite/backup.ts';
import type { Clock } from '../domain/shared/ports.ts';
import { backupFileName, pruneBackups } from './backup-files.ts';

const HOUR = 60 * 60 * 1000;

export interface BackupSchedule {
  /** Takes a backup if one is due by `clock`, then prunes the old ones; never throws. */
  tick(): Promise<void>;
  stop(): void;
}

/**
 * The server's scheduled backups. Time comes from `clock`, so a test moves it and calls `tick`;
 * `serve` calls `start`, which ticks every minute. The first backup is due one interval after the
 * newest backup already in the folder (or after start when there is none). A failure is logged and
 * tried again at the next interval; it never stops the server.
 */
export function backupSchedule(options: {
  db: DB;
  clock: Clock;
  settings: Config['backups'];
  /** Where each outcome goes; a failure is marked so it reaches the error log. */
  log: (message: string, failed: boolean) => void;
}): BackupSchedule & { start(): void } {
  const { db, clock, settings, log } = options;
  const every = settings.everyHours * HOUR;
  let due = newestBackupTime(settings.dir) ?? clock.now().getTime();
  due += every;
  let running = false;
  let timer: NodeJS.Timeout | undefined;

  async function tick(): Promise<void> {
    const now = clock.now();
    if (running || every <= 0 || now.getTime() < due) return;
    running = true;
    due = now.getTime() + every;
    const file = path.join(settings.dir, backupFileName(now));
    try {
      fs.mkdirSync(settings.dir, { recursive: true });
      const { bytes } = await backupDatabase(db, file);
      const deleted = pruneBackups(settings.dir, settings.keep);
      log(`Backup written to ${file} (${bytes} bytes)${deleted.length > 0 ? `; deleted ${deleted.join(', ')}` : ''}.`, false);
    } catch (error) {
      log(`Backup to ${file} failed: ${(error as Error).message}. Next try at ${new Date(due).toISOString()}.`, true);
    } finally {
      running = false;
    }
  }

  return {
    tick,
    start() {
      if (every <= 0) return;
      timer = setInterval(() => void tick(), 60_000);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
    },
  };
}

function newestBackupTime(dir: string): number | null {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return null;
  }
  const newest = names
    .map((name) => /^broadsheet-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z\.db$/.exec(name))
    .filter((match) => match !== null)
    .map(([, y, mo, d, h, mi, s]) => Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`))
    .sort((a, b) => b - a)[0];
  return newest ?? null;
}
