import fs from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { buildDeferredIndexes, dropDeferredIndexesIfEmpty } from '../db/sqlite/deferred-indexes.ts';
import { applyImportBatch } from '../domain/importing/apply.ts';
import type { ImportRun } from '../domain/importing/batch.ts';
import { ImportFileError, type ImportPlan } from '../domain/importing/records.ts';
import { ImportReport } from '../domain/importing/report.ts';
import type { FromReader, FromWriter, ImportOutcome, ToReader, ToWriter, WriterData } from './import-messages.ts';
import { MessageQueue, threadError } from './import-threads.ts';
import { summariseReport } from './import-summary.ts';
import { describeFailure } from './output.ts';
import { openRuntime, type Runtime } from './runtime.ts';
import { bringPicturesHome } from './import-pictures.ts';
import { consoleOperator } from '../domain/shared/policy.ts';

/**
 * The writing thread of an import: it applies the reading thread's batches, one transaction each,
 * and tells the main thread how far it has got. It runs beside the main thread, rather than in it,
 * so that its heap can be capped (see import-threads.ts).
 */

/** The byline of posts whose author the file does not list. */
const FALLBACK_AUTHOR = 'Newsroom';

const main = parentPort!;
const { config, file, reportFile, readerPort, pictures } = workerData as WriterData;
const tell = (message: FromWriter) => main.postMessage(message);
const fromReader = MessageQueue.of<FromReader>(readerPort);

let stopRequested = false;
const plan = await new Promise<ImportPlan>((resolve) => {
  main.on('message', (message: ToWriter) => {
    if (message.type === 'start') resolve(message.plan);
    else stopRequested = true;
  });
});

try {
  await write(plan);
} catch (error) {
  // Anything thrown before or after the batches (opening the database, building indexes) is told
  // in full here: thrown out of the thread, it would reach the main thread stripped of its message.
  tell({ type: 'failure', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}

/**
 * Once every entry is in, the pictures still on the old site are brought into the media library
 * (`--media-from`, `--fetch-media`), each in a transaction of its own: stopping part-way keeps
 * those already brought, and a rerun tries only the rest.
 */
async function picturesHome(deps: Runtime['deps'], run: ImportRun): Promise<ImportOutcome> {
  tell({ type: 'phase', text: 'Bringing pictures home' });
  const { stopped, ...report } = await bringPicturesHome(config, deps, {
    source: run.source.key,
    sources: pictures!,
    onProgress: (done, total) => tell({ type: 'pictures', done, total }),
    shouldStop: () => stopRequested,
  });
  run.report.pictures = report;
  return stopped ? 'interrupted' : 'complete';
}

async function write(plan: ImportPlan): Promise<void> {
  const runtime = await openRuntime(config, undefined, { bulkWrites: true });
  const run: ImportRun = {
    actor: consoleOperator,
    source: plan.source,
    report: new ImportReport(plan.source),
    fallbackAuthor: FALLBACK_AUTHOR,
  };
  // Into a publication without comments, two comment indexes are built once at the end instead of row by row.
  const indexesDeferred = await dropDeferredIndexesIfEmpty(runtime.db);
  let outcome: ImportOutcome = 'complete';
  try {
    let entries = 0;
    for (;;) {
      const message = await fromReader.next();
      if (message.type === 'end') break;
      if (message.type === 'file-error') throw new ImportFileError(message.problem, message.place);
      if (message.type !== 'batch')
        throw threadError(
          message.type === 'failure' ? message : { type: 'failure', message: `the reading thread sent "${message.type}" out of turn` },
        );
      await applyImportBatch(runtime.deps, run, message.records);
      readerPort.postMessage({ type: 'written' } satisfies ToReader);
      entries += message.entries;
      tell({ type: 'committed', entries, bytesRead: message.bytesRead });
      // SQLite calls are synchronous and queued batches arrive at once: without a turn of the event
      // loop here, a Ctrl-C (the main thread's "stop") would only be heard once everything was written.
      await new Promise((resolve) => setImmediate(resolve));
      if (stopRequested) {
        outcome = 'interrupted';
        break;
      }
    }
  } catch (error) {
    outcome = 'failed';
    tell({
      type: 'failed',
      lines: [
        ...describeFailure(error, file).lines,
        'The import stopped. Every batch before the failure is saved whole; run the same command again to finish.',
      ],
    });
  }
  try {
    if (outcome === 'complete' && pictures) outcome = await picturesHome(runtime.deps, run);
  } catch (error) {
    outcome = 'failed';
    tell({ type: 'failed', lines: describeFailure(error, file).lines });
  } finally {
    if (indexesDeferred) {
      tell({ type: 'phase', text: 'Building indexes' });
      await buildDeferredIndexes(runtime.db);
    }
    await runtime.close();
  }
  if (reportFile) await fs.writeFile(reportFile, `${JSON.stringify({ outcome, ...run.report.toJSON() }, null, 2)}\n`);
  tell({ type: 'finished', outcome, summary: outcome === 'failed' ? [] : summariseReport(run.report) });
}
