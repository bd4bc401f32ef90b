import path from 'node:path';
import { loadDemo } from '../demo/load.ts';
import { buildApp } from '../http/app.ts';
import type { Command } from './command.ts';
import { parseOptions, UsageError } from './output.ts';
import { openRuntime } from './runtime.ts';

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
    const runtime = await openRuntime(config);
    const app = await buildApp({ deps: runtime.deps, config, logLevel: process.env.LOG_REQUESTS === 'true' ? 'info' : 'error' });
    try {
      if (runtime.migrated.length > 0) out(`Database migrated: ${runtime.migrated.join(', ')}`);
      if (config.demoOnEmpty && (await runtime.deps.store.articles.count()) === 0) {
        const demo = await loadDemo(runtime.deps);
        out(`Loaded the demo publication: ${demo.articles} articles and ${demo.comments} comments.`);
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
    out('');
    out(`  ${config.site.title} is live at ${url}`);
    out('');
    out(`  Database:   ${path.relative(process.cwd(), config.databaseFile) || config.databaseFile} (SQLite)`);
    out('  Publish:    npx broadsheet publish my-article.md');
    out('  Moderate:   npx broadsheet comments list --status pending, then: npx broadsheet comments approve ID');
    out('  Sign in:    the newsroom admin is not in this version yet; the CLI above runs the newsroom.');
    out('  Stop:       Ctrl-C');
    out('');

    const shutdown = async () => {
      await app.close();
      await runtime.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void shutdown());
    process.once('SIGTERM', () => void shutdown());
    return 0;
  },
};

function displayHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
}
