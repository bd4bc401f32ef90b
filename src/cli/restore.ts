import path from 'node:path';
import { RestoreRefused, restoreDatabase } from '../db/sqlite/backup.ts';
import { systemClock } from '../domain/shared/ports.ts';
import { fileStamp, servingProcess } from './backup-files.ts';
import type { Command } from './command.ts';
import { parseOptions, UsageError } from './output.ts';

export const restoreCommand: Command = {
  usage: 'restore FILE',
  summary: 'Replace the database with a backup after checking it (the server must be stopped; the old database is kept)',
  async run({ args, config, out }) {
    const { positionals } = parseOptions(args, {});
    const [file, ...extra] = positionals;
    if (!file || extra.length > 0) throw new UsageError('restore takes one backup file');
    const source = path.resolve(file);

    const pid = servingProcess(config.databaseFile);
    if (pid !== null) {
      out(`Not restored: a Broadsheet server (process ${pid}) is serving ${config.databaseFile}.`);
      out(`Stop it first (Ctrl-C in its terminal, or kill ${pid}), run restore again, then start it.`);
      return 1;
    }
    try {
      const { keptAs, migrations } = restoreDatabase(source, config.databaseFile, fileStamp(systemClock.now()));
      out(`Restored ${source}`);
      out(`  into ${config.databaseFile} (schema ${migrations.at(-1) ?? 'empty'}; the next start brings it up to date)`);
      if (keptAs) out(`  The database it replaced is kept as ${keptAs}; to undo, run: broadsheet restore ${keptAs}`);
    } catch (error) {
      if (!(error instanceof RestoreRefused)) throw error;
      out(`Not restored: ${error.message}`);
      out('The current database is unchanged.');
      return 1;
    }
    return await Promise.resolve(0);
  },
};
