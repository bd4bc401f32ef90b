import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { backupDatabase } from '../db/sqlite/backup.ts';
import { openSqlite } from '../db/sqlite/connection.ts';
import { systemClock } from '../domain/shared/ports.ts';
import { backupFileName } from './backup-files.ts';
import type { Command } from './command.ts';
import { parseOptions, UsageError } from './output.ts';

export const backupCommand: Command = {
  usage: 'backup [--to FILE|DIR]',
  summary: 'Copy the database to a backup file while the site keeps serving (default folder: BACKUP_DIR)',
  async run({ args, config, out }) {
    const { values, positionals } = parseOptions(args, { to: { type: 'string' } });
    if (positionals.length > 0) throw new UsageError(`backup takes no arguments besides --to, got "${positionals[0]}"`);
    if (!fs.existsSync(config.databaseFile)) throw new UsageError(`there is no database at ${config.databaseFile} to back up`);
    const file = targetFile(values.to ?? config.backups.dir, new Date(systemClock.now()));
    if (fs.existsSync(file)) throw new UsageError(`${file} already exists; name another file, or a folder`);
    fs.mkdirSync(path.dirname(file), { recursive: true });

    const started = performance.now();
    const db = openSqlite(config.databaseFile);
    try {
      const { bytes } = await backupDatabase(db, file);
      const seconds = (performance.now() - started) / 1000;
      out(`Backed up ${config.databaseFile}`);
      out(`  to ${file}`);
      out(`  ${formatBytes(bytes)} in ${seconds.toFixed(2)} s`);
    } finally {
      await db.destroy();
    }
    return 0;
  },
};

/** A folder (existing, or written with a trailing slash) gets a timestamped file inside it. */
function targetFile(to: string, at: Date): string {
  const resolved = path.resolve(to);
  const isFolder = /[/\\]$/.test(to) || (fs.existsSync(resolved) && fs.statSync(resolved).isDirectory()) || !path.extname(resolved);
  return isFolder ? path.join(resolved, backupFileName(at)) : resolved;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
