import { loadConfig } from '../config.ts';
import { loadDemo } from '../demo/load.ts';
import type { Command } from './command.ts';
import { commentsCommand } from './comments.ts';
import { exportCommand } from './export.ts';
import { importCommand } from './import.ts';
import { describeFailure, UsageError } from './output.ts';
import { publishCommand } from './publish.ts';
import { openRuntime } from './runtime.ts';
import { serveCommand } from './serve.ts';
import { usersCommand } from './users.ts';

const migrateCommand: Command = {
  usage: 'migrate',
  summary: 'Bring the database schema up to date (serve does this too)',
  async run({ config, out }) {
    const runtime = await openRuntime(config);
    await runtime.close();
    out(runtime.migrated.length > 0 ? `Applied: ${runtime.migrated.join(', ')}` : 'The database is up to date.');
    return 0;
  },
};

const demoCommand: Command = {
  usage: 'demo',
  summary: 'Load the demo publication (articles, tags, authors, comments)',
  async run({ config, out }) {
    const runtime = await openRuntime(config);
    try {
      const demo = await loadDemo(runtime.deps);
      out(`Loaded the demo publication: ${demo.articles} articles and ${demo.comments} new comments.`);
      return 0;
    } finally {
      await runtime.close();
    }
  },
};

const COMMANDS: Record<string, Command> = {
  serve: serveCommand,
  migrate: migrateCommand,
  publish: publishCommand,
  comments: commentsCommand,
  users: usersCommand,
  import: importCommand,
  export: exportCommand,
  demo: demoCommand,
};

function usage(): string {
  const lines = Object.values(COMMANDS).map((command) => {
    const forms = command.usage.split('\n').map((form) => `  broadsheet ${form.trim()}`);
    return [...forms, `      ${command.summary}`].join('\n');
  });
  return [
    'Usage:',
    ...lines,
    '',
    'Environment: BROADSHEET_DATA (data directory, default ./data), DATABASE_URL (file:PATH), PORT, HOST, SITE_URL,',
    'SITE_TITLE, SITE_DESCRIPTION, SITE_LANGUAGE, SITE_TIMEZONE, TRUST_PROXY, BROADSHEET_DEMO=off. See README.md.',
    '',
    'The first administrator: open the set-up link "serve" prints, or run "broadsheet users create --role admin ...".',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  try {
    if (!command) throw new UsageError(`unknown command "${name}"`);
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
