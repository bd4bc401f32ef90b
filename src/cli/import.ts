import fs from 'node:fs/promises';
import { MessageChannel } from 'node:worker_threads';
import { UPLOAD_FOLDERS } from '../domain/importing/old-uploads.ts';
import { ImportFileError, type ImportPlan } from '../domain/importing/records.ts';
import type { Command } from './command.ts';
import type { FromReader, FromWriter, ImportOutcome, PictureSources, ToReader, ToWriter } from './import-messages.ts';
import { Progress } from './import-progress.ts';
import { ImportThread, threadError } from './import-threads.ts';
import { describeFailure, parseOptions, UsageError } from './output.ts';

const FORMATS = ['wordpress', 'ghost', 'broadsheet'];

export const importCommand: Command = {
  usage: `import wordpress FILE.xml [--report REPORT.json] [--media-from UPLOADS_DIR] [--fetch-media]
    import ghost FILE.json [--report REPORT.json] [--media-from IMAGES_DIR] [--fetch-media]
    import broadsheet FILE.json [--report REPORT.json] [--fetch-media]`,
  summary: 'Import a WordPress (WXR) or Ghost export, or a Broadsheet export; running it again updates only what changed',
  async run({ args, config, out }) {
    const { values, positionals } = parseOptions(args, {
      report: { type: 'string' },
      'media-from': { type: 'string' },
      'fetch-media': { type: 'boolean' },
    });
    const [format, file, ...extra] = positionals;
    if (!format || !FORMATS.includes(format))
      throw new UsageError(`say what to import from: ${FORMATS.join(', ')} (got "${format ?? ''}")`);
    if (!file) throw new UsageError(`name the ${format} export file to import`);
    if (extra.length > 0) throw new UsageError(`import takes one file at a time (got ${positionals.length - 1})`);
    const pictures = await pictureSources(format, values['media-from'], values['fetch-media'] === true);

    // Reading (parsing, preparing) and writing each run in a thread of their own, side by side; this
    // one only conducts. Batches go from the reader to the writer directly, through this channel.
    const channel = new MessageChannel();
    const reader = new ImportThread<FromReader, ToReader>('import-reader', { format, file, writerPort: channel.port1 }, [channel.port1]);
    // The writer loads its modules while the file is checked; it opens the database only once told to start.
    const writer = new ImportThread<FromWriter, ToWriter>(
      'import-writer',
      { config, file, reportFile: values.report ?? null, readerPort: channel.port2, pictures },
      [channel.port2],
    );
    const progress = new Progress(process.stderr);

    let plan: ImportPlan;
    try {
      progress.phase(`Checking ${file}`);
      plan = await checked(reader);
      progress.done();
    } catch (error) {
      progress.done();
      await Promise.all([reader.stop(), writer.stop()]);
      if (!(error instanceof ImportFileError) && (error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      describeFailure(error, file).lines.forEach((line) => out(line));
      out('Nothing was imported: the database is as it was.');
      return 1;
    }

    writer.post({ type: 'start', plan });
    reader.post({ type: 'start' });
    progress.start(plan);
    const interruption = watchForCtrlC(() => writer.post({ type: 'stop' }));
    let outcome: ImportOutcome;
    let summary: string[];
    try {
      for (;;) {
        const message = await writer.next();
        if (message.type === 'failure') throw threadError(message);
        if (message.type === 'committed') {
          progress.bytes(message.bytesRead);
          progress.committed(message.entries);
        } else if (message.type === 'pictures') {
          progress.pictures(message.done, message.total);
        } else if (message.type === 'phase') {
          progress.done();
          progress.phase(message.text);
        } else if (message.type === 'failed') {
          progress.done();
          message.lines.forEach((line) => out(line));
        } else {
          ({ outcome, summary } = message);
          break;
        }
      }
    } finally {
      progress.done();
      interruption.stop();
      await Promise.all([reader.stop(), writer.stop()]);
    }

    if (outcome === 'failed') return 1;
    summary.forEach((line) => out(line));
    if (values.report) out(`Report saved to ${values.report}`);
    if (outcome === 'interrupted') {
      out('Interrupted. What was imported so far is saved in whole batches; run the same command again to finish.');
      return 130;
    }
    return 0;
  },
};

/** Where `--media-from` and `--fetch-media` say the import's pictures are; null when neither is given. */
async function pictureSources(format: string, from: string | undefined, fetch: boolean): Promise<PictureSources | null> {
  if (from === undefined) return fetch ? { folder: null, fetch } : null;
  if (format !== 'wordpress' && format !== 'ghost')
    throw new UsageError('--media-from is for WordPress (wp-content/uploads) and Ghost (content/images) imports');
  const stat = await fs.stat(from).catch(() => null);
  if (!stat?.isDirectory())
    throw new UsageError(`--media-from must name a folder (a copy of the old site's ${UPLOAD_FOLDERS[format].slice(1)}), got "${from}"`);
  return { folder: { dir: from, uploadsFolder: UPLOAD_FOLDERS[format] }, fetch };
}

/** The reader's plan once the whole file is checked; an ImportFileError for a bad file. */
async function checked(reader: ImportThread<FromReader, ToReader>): Promise<ImportPlan> {
  const message = await reader.next();
  if (message.type === 'plan') return message.plan;
  if (message.type === 'file-error') throw new ImportFileError(message.problem, message.place);
  if (message.type === 'failure') throw threadError(message);
  throw new Error(`the reading thread sent "${message.type}" before its plan`);
}

/**
 * The first Ctrl-C asks the import to stop after the batch it is writing, so that batch commits
 * whole; a second one ends the process at once (SQLite then rolls the open batch back).
 */
function watchForCtrlC(onFirst: () => void): { stop(): void } {
  let requested = false;
  const onSignal = () => {
    if (requested) process.exit(130);
    requested = true;
    process.stderr.write('\nStopping after the current batch… (Ctrl-C again to stop at once)\n');
    onFirst();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    stop() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
