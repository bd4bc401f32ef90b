import type { Command } from './command.ts';
import { openRuntime } from './runtime.ts';

export const migrateCommand: Command = {
  usage: 'migrate',
  summary: 'Bring the database schema up to date (serve does this too)',
  async run({ config, out }) {
    const runtime = await openRuntime(config);
    await runtime.close();
    out(runtime.migrated.length > 0 ? `Applied: ${runtime.migrated.join(', ')}` : 'The database is up to date.');
    return 0;
  },
};
