import fs from 'node:fs/promises';
import { applyImportBatch, type ImportRun } from '../domain/importing/apply.ts';
import { ImportFileError, type ImportPlan } from '../domain/importing/records.ts';
import { ReaderThread } from './import-reader-thread.ts';
import { ImportReport } from '../domain/importing/report.ts';
import type { Command } from './command.ts';
import { Progress } from './import-progress.ts';
import { summariseReport } from './import-summary.ts';
import { describeFailure, parseOptions, UsageError } from './output.ts';
import { openRuntime } from './runtime.ts';
import { buildDeferredIndexes, dropDeferredIndexesIfEmpty } from '../db/deferred-indexes.ts';

const FORMATS = ['wordpress', 'ghost', 'broadsheet'];

/** The byline of posts whose author the file does not list. */
const FALLBACK_AUTHOR = 'Newsroom';

export const importCommand: Command = {
  usage: `import wordpress FILE.xml [--report REPORT.json]
    import ghost FILE.json [--report REPORT.json]
    import broadsheet FILE.json [--report REPORT.json]`,
  summary: 'Import a WordPress (WXR) or Ghost export, or a Broadsheet export; running it again updates only what changed',
  async run({ args, config, out }) {
    const { values, positionals } = parseOptions(args, { report: { type: 'string' } });
    const [format, file, ...extra] = positionals;
    if (!format || !FORMATS.includes(format))
      throw new UsageError(`say what to import from: ${FORMATS.join(', ')} (got "${format ?? ''}")`);
    if (!file) throw new UsageError(`name the ${format} export file to import`);
    if (extra.length > 0) throw new UsageError(`import takes one file at a time (got ${positionals.length - 1})`);
    // Reading and preparing records runs in a thread of its own, beside the writing here.
    const reader = new ReaderThread(format, file);
    const progress = new Progress(process.stderr);

    let plan: ImportPlan;
    try {
      progress.phase(`Checking ${file}`);
      plan = await reader.check();
      progress.done();
    } catch (error) {
      progress.done();
      await reader.stop();
      if (!(error instanceof ImportFileError) && (error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      describeFailure(error, file).lines.forEach((line) => out(line));
      out('Nothing was imported: the database is as it was.');
      return 1;
    }

    const runtime = await openRuntime(config, undefined, { bulkWrites: true });
    const run: ImportRun = { source: plan.source, report: new ImportReport(plan.source), fallbackAuthor: FALLBACK_AUTHOR };
    // Into a publication without comments, two comment indexes are built once at the end instead of row by row.
    const indexesDeferred = await dropDeferredIndexesIfEmpty(runtime.db);
    const interruption = watchForCtrlC();
    let outcome: 'complete' | 'interrupted' = 'complete';
    try {
      progress.start(plan);
      let entriesDone = 0;
      for await (const batch of reader.batches()) {
        progress.bytes(batch.bytesRead);
        await applyImportBatch(runtime.deps, run, batch.records);
        reader.written();
        entriesDone += batch.entries;
        progress.committed(entriesDone);
        // Writing a batch never waits on I/O (SQLite calls are synchronous), and batches read ahead
        // arrive as settled promises: without a turn of the event loop here, a Ctrl-C would only
        // be heard once the whole import had finished.
        await new Promise((resolve) => setImmediate(resolve));
        if (interruption.requested) {
          outcome = 'interrupted';
          break;
        }
      }
    } catch (error) {
      progress.done();
      describeFailure(error, file).lines.forEach((line) => out(line));
      out('The import stopped. Every batch before the failure is saved whole; run the same command again to finish.');
      await saveReport(values.report, run.report, 'failed');
      return 1;
    } finally {
      progress.done();
      interruption.stop();
      await reader.stop();
      if (indexesDeferred) {
        progress.phase('Building indexes');
        await buildDeferredIndexes(runtime.db);
        progress.done();
      }
      await runtime.close();
    }

    summariseReport(run.report).forEach((line) => out(line));
    await saveReport(values.report, run.report, outcome);
    if (values.report) out(`Report saved to ${values.report}`);
    if (outcome === 'interrupted') {
      out('Interrupted. What was imported so far is saved in whole batches; run the same command again to finish.');
      return 130;
    }
    return 0;
  },
};

/**
 * The first Ctrl-C asks the import to stop after the batch it is writing, so that batch commits
 * whole; a second one ends the process at once (SQLite then rolls the open batch back).
 */
function watchForCtrlC(): { readonly requested: boolean; stop(): void } {
  const state = { requested: false };
  const onSignal = () => {
    if (state.requested) process.exit(130);
    state.requested = true;
    process.stderr.write('\nStopping after the current batch… (Ctrl-C again to stop at once)\n');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    get requested() {
      return state.requested;
    },
    stop() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

async function saveReport(file: string | undefined, report: ImportReport, outcome: string): Promise<void> {
  if (!file) return;
  await fs.writeFile(file, `${JSON.stringify({ outcome, ...report.toJSON() }, null, 2)}\n`);
}
