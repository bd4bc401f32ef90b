import path from 'node:path';
import v8 from 'node:v8';
import { issueSetupLink } from '../domain/people/accounts.ts';
import { loadDemo } from '../demo/load.ts';
import { buildApp } from '../http/app.ts';
import type { Command } from './command.ts';
import { parseOptions, UsageError } from './output.ts';
import { openRuntime } from './runtime.ts';
import { paths } from '../paths/site.ts';
import { createOutboxWorker } from '../outbox/worker.ts';
import { outboxHandlers, outboxPrune } from '../outbox/handlers.ts';
import { akismetClient, type AkismetClient } from '../outbox/akismet.ts';
import { noteServing } from './backup-files.ts';
import { backupSchedule } from './backup-schedule.ts';
import { recordCdnPurging } from '../domain/site/cdn-purge.ts';
import { mediaServices } from '../media/services.ts';

export const serveCommand: Command = {
  usage: 'serve [--port N] [--host ADDRESS]',
  summary: 'Serve the publication (migrates the database first; loads the demo into an empty one)',
  async run({ args, config: baseConfig, out }) {
    const { values } = parseOptions(args, { port: { type: 'string' }, host: { type: 'string' } });
    if (values.port !== undefined && !/^\d{1,5}$/.test(values.port)) throw new UsageError('--port must be a port number');
    const config = {
      ...baseConfig,
      ...(values.port !== undefined ? { port: Number(values.port) } : {}),
      ...(values.host !== undefined ? { host: values.host } : {}),
    };
    keepHeapNearLive();
    const runtime = await openRuntime(config);
    const logLevel = process.env.LOG_REQUESTS === 'true' ? 'info' : 'error';
    // No mail server can be configured yet: buildApp prints mail on the terminal in development only.
    const app = await buildApp({ deps: runtime.deps, config, logLevel, changes: runtime.changes, readiness: runtime.readiness });
    try {
      if (runtime.migrated.length > 0) out(`Database migrated: ${runtime.migrated.join(', ')}`);
      // The change log's trigger writes CDN purge jobs only while the server that runs them is configured to.
      await recordCdnPurging(runtime.deps, config.purge !== null);
      if (config.demoOnEmpty && (await runtime.deps.store.articles.count()) === 0) {
        const demo = await loadDemo(runtime.deps, { media: mediaServices(config) });
        out(`Loaded the demo publication: ${demo.articles} articles, ${demo.pictures} pictures and ${demo.comments} comments.`);
      }
      await app.listen({ port: config.port, host: config.host });
    } catch (error) {
      await app.close();
      await runtime.close();
      throw error;
    }
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = baseConfig.siteUrl.endsWith(`:${baseConfig.port}`) ? `http://${displayHost(config.host)}:${port}` : config.siteUrl;
    const setupToken = await issueSetupLink(runtime.deps);
    out('');
    out(`  ${config.site.title} is live at ${url}`);
    out('');
    out(`  Database:   ${path.relative(process.cwd(), config.databaseFile) || config.databaseFile} (SQLite)`);
    if (setupToken) {
      out('  Newsroom:   no staff account exists yet. Create the administrator at');
      out(`              ${url}${paths.setup(setupToken)}`);
      out('              (the link works until the first account exists; each start makes a new one),');
      out('              or run: npx broadsheet users create --role admin --email you@example.com --name "Your Name"');
    } else {
      out(`  Newsroom:   sign in at ${url}/admin`);
      out('              (lost password: npx broadsheet users reset-password you@example.com)');
    }
    if (config.purge) out(`  CDN purge:  ${config.purge.method} ${new URL(config.purge.url).origin}, ${config.purge.batch} keys a request`);
    if (config.backups.everyHours > 0) {
      out(`  Backups:    every ${config.backups.everyHours} h to ${config.backups.dir}, keeping ${config.backups.keep}`);
    }
    out('  Stop:       Ctrl-C');
    out('');

    // The outbox's work (Akismet checks, CDN purges, uploaded pictures' renditions) runs beside the server; see docs/outbox.md.
    const handlers = outboxHandlers(config, runtime.deps, mediaServices(config));
    const worker = createOutboxWorker({
      deps: runtime.deps,
      handlers,
      prune: outboxPrune(runtime.deps),
      log: (line) => console.error(line),
    });
    worker.start();
    if (config.akismet) void reportAkismetKey(akismetClient({ ...config.akismet, siteUrl: config.siteUrl }), out);

    // restore refuses while this note names a live process.
    const unnote = noteServing(config.databaseFile);
    const backups = backupSchedule({
      db: runtime.db,
      clock: runtime.deps.clock,
      settings: config.backups,
      log: (message, failed) => (failed ? app.log.error(message) : out(message)),
    });
    backups.start();

    // A stop lets requests in flight and the outbox's jobs in hand finish; what is left waits in the outbox.
    const shutdown = async () => {
      backups.stop();
      unnote();
      await app.close();
      await worker.stop();
      await runtime.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void shutdown());
    process.once('SIGTERM', () => void shutdown());
    return 0;
  },
};

/** Says at start whether Akismet knows the key; comments are accepted either way, and checked once it does. */
async function reportAkismetKey(client: AkismetClient, out: (line: string) => void): Promise<void> {
  try {
    out(
      (await client.verifyKey())
        ? '  Akismet:    key verified'
        : '  Akismet:    the key was refused (AKISMET_KEY); checks will fail until it is fixed',
    );
  } catch (error) {
    out(`  Akismet:    could not verify the key (${error instanceof Error ? error.message : String(error)}); checks will be retried`);
  }
}

/**
 * A server's live heap is small (about 30 MB rendering pages at 50 connections), but V8 lets the old
 * generation grow to about four times it before a full collection, and the garbage of requests in
 * flight fills that: 210-250 MB of RSS. Growing it by 10 % each time keeps the server under 200 MB
 * for a few percent of speed (bench/README.md, "Memory"). V8 reads this flag at every collection, so
 * it can be set now; an operator's own `--heap-growing-percent` (NODE_OPTIONS) is kept.
 */
function keepHeapNearLive(): void {
  const chosen = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((arg) => arg.includes('heap-growing-percent'));
  if (!chosen) v8.setFlagsFromString('--heap-growing-percent=10');
}

function displayHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
}
