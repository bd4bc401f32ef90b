import { loadDemo } from '../demo/load.ts';
import { mediaServices } from '../media/services.ts';
import type { Command } from './command.ts';
import { openRuntime } from './runtime.ts';

export const demoCommand: Command = {
  usage: 'demo',
  summary: 'Load the demo publication (articles, pictures, tags, authors, comments)',
  async run({ config, out }) {
    const runtime = await openRuntime(config);
    try {
      const demo = await loadDemo(runtime.deps, { media: mediaServices(config) });
      out(`Loaded the demo publication: ${demo.articles} articles and ${demo.comments} new comments.`);
      if (demo.pictures > 0) {
        out(
          `${demo.pictures} pictures are waiting in the outbox for their renditions; the server makes them when it runs (broadsheet serve).`,
        );
      }
      return 0;
    } finally {
      await runtime.close();
    }
  },
};
