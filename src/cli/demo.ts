import { loadDemo } from '../demo/load.ts';
import type { Command } from './command.ts';
import { openRuntime } from './runtime.ts';

export const demoCommand: Command = {
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
