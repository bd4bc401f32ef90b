import { loadConfig } from '../config.ts';
import type { Command } from './command.ts';
import { describeFailure, UsageError } from './output.ts';

/** Each command is loaded only when it runs: an import need not load the web server, nor serve the importers. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  serve: async () => (await import('./serve.ts')).serveCommand,
  migrate: async () => (await import('./migrate.ts')).migrateCommand,
  publish: async () => (await import('./publish.ts')).publishCommand,
  comments: async () => (await import('./comments.ts')).commentsCommand,
  users: async () => (await import('./users.ts')).usersCommand,
  import: async () => (await import('./import.ts')).importCommand,
  export: async () => (await import('./export.ts')).exportCommand,
  backup: async () => (await import('./backup.ts')).backupCommand,
  restore: async () => (await import('./restore.ts')).restoreCommand,
  demo: async () => (await import('./demo.ts')).demoCommand,
  outbox: async () => (await import('./outbox.ts')).outboxCommand,
  media: async () => (await import('./media.ts')).mediaCommand,
};

async function usage(): Promise<string> {
  const commands = await Promise.all(Object.values(COMMANDS).map((load) => load()));
  const lines = commands.map((command) => {
    const forms = command.usage.split('\n').map((form) => `  broadsheet ${form.trim()}`);
    return [...forms, `      ${command.summary}`].join('\n');
  });
  return [
    'Usage:',
    ...lines,
    '',
    'Environment: BROADSHEET_DATA (data directory, default ./data), DATABASE_URL (file:PATH), PORT, HOST, SITE_URL,',
    'SITE_TITLE, SITE_DESCRIPTION, SITE_LANGUAGE, SITE_TIMEZONE, TRUST_PROXY, NODE_ENV=production, BROADSHEET_DEMO=off,',
    'AKISMET_KEY, AKISMET_URL, BACKUP_DIR, BACKUP_EVERY_HOURS, BACKUP_KEEP, MEDIA_DIR, MEDIA_MAX_MB, MEDIA_MAX_MEGAPIXELS,',
    'MEDIA_MAX_SIDE. See README.md.',
    '',
    'The first administrator: open the set-up link "serve" prints, or run "broadsheet users create --role admin ...".',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    console.log(await usage());
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  try {
    if (!load) throw new UsageError(`unknown command "${name}"`);
    const command = await load();
    return await command.run({ args, config: loadConfig(), out: (line) => console.log(line) });
  } catch (error) {
    const failure = describeFailure(error);
    for (const line of failure.lines) console.error(line);
    return failure.exitCode;
  }
}

const exitCode = await main(process.argv.slice(2));
// serve keeps running; every other command is done.
if (exitCode !== 0 || process.argv[2] !== 'serve') process.exitCode = exitCode;
