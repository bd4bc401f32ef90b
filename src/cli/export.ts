import fs from 'node:fs';
import { exportPublication, type PublicationWriter } from '../domain/exporting/export-publication.ts';
import { JsonPublicationWriter } from '../export/json-writer.ts';
import { StreamSink, type TextSink } from '../export/text-sink.ts';
import { WxrPublicationWriter } from '../export/wxr-writer.ts';
import type { Command } from './command.ts';
import { parseOptions, UsageError } from './output.ts';
import { openRuntime } from './runtime.ts';
import { consoleOperator } from '../domain/shared/policy.ts';

const WRITERS: Record<string, (sink: TextSink) => PublicationWriter> = {
  json: (sink) => new JsonPublicationWriter(sink),
  wxr: (sink) => new WxrPublicationWriter(sink),
};

export const exportCommand: Command = {
  usage: 'export [--format json|wxr] [--output FILE]',
  summary: "Write the whole publication as Broadsheet's JSON (docs/export-format.md) or as WordPress WXR, to FILE or stdout",
  async run({ args, config, out }) {
    const { values, positionals } = parseOptions(args, { format: { type: 'string', default: 'json' }, output: { type: 'string' } });
    if (positionals.length > 0) throw new UsageError(`export takes no arguments besides its options (got "${positionals.join(' ')}")`);
    const format = values.format;
    const makeWriter = WRITERS[format];
    if (!makeWriter) throw new UsageError(`--format must be one of ${Object.keys(WRITERS).join(', ')} (got "${format}")`);

    const output = values.output;
    const runtime = await openRuntime(config);
    // Written beside the target and renamed at the end: a failed export never leaves half a file under the asked-for name.
    const partial = output ? `${output}.partial` : null;
    const stream = partial ? fs.createWriteStream(partial) : process.stdout;
    const sink = new StreamSink(stream);
    try {
      const summary = await exportPublication(runtime.deps, {
        actor: consoleOperator,
        writer: makeWriter(sink),
        siteUrl: config.siteUrl,
        defaults: config.site,
      });
      if (!output || !partial) {
        // Standard output carries the document alone.
        await sink.flush();
        return 0;
      }
      await sink.close();
      fs.renameSync(partial, output);
      out(
        `Exported ${summary.articles} articles, ${summary.comments} comments, ${summary.pages} pages, ${summary.media} media, ` +
          `${summary.tags} tags and ${summary.authors} authors to ${output} (${format}).`,
      );
      return 0;
    } catch (error) {
      if (partial) {
        stream.destroy();
        fs.rmSync(partial, { force: true });
      }
      throw error;
    } finally {
      await runtime.close();
    }
  },
};
