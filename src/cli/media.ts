import { reprocessPictures } from '../domain/media/processing.ts';
import { consoleOperator } from '../domain/shared/policy.ts';
import { mediaServices } from '../media/services.ts';
import type { Command } from './command.ts';
import { UsageError } from './output.ts';
import { openRuntime } from './runtime.ts';

export const mediaCommand: Command = {
  usage: 'media reprocess',
  summary: "Make every uploaded picture's renditions again from its kept original (after a change of sizes, or to restore lost files)",
  async run({ args, config, out }) {
    const [action, ...rest] = args;
    if (action !== 'reprocess')
      throw new UsageError(action ? `unknown media action "${action}" (use reprocess)` : 'media needs an action: reprocess');
    if (rest.length > 0) throw new UsageError(`media reprocess takes no arguments, got "${rest.join(' ')}"`);
    const runtime = await openRuntime(config);
    try {
      const { processed, failed } = await reprocessPictures(
        { ...runtime.deps, media: mediaServices(config) },
        {
          actor: consoleOperator,
          onStep: ({ done, total, mediaId, item, error }) => {
            const name = item ? `“${item.originalName}”` : `picture ${mediaId}`;
            out(
              error
                ? `[${done}/${total}] ${name}: failed: ${error.message}`
                : `[${done}/${total}] ${name}: ${item?.renditions.length ?? 0} renditions`,
            );
          },
        },
      );
      out(`Reprocessed ${processed} picture${processed === 1 ? '' : 's'}${failed > 0 ? `; ${failed} failed (see above)` : ''}.`);
      return failed > 0 ? 1 : 0;
    } finally {
      await runtime.close();
    }
  },
};
