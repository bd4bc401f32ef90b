import fs from 'node:fs/promises';
import { applyImportBatch, type ImportRun } from '../domain/importing/apply.ts';
import { ImportFileError, type ImportPlan, type ImportReader, type ImportRecord } from '../domain/importing/records.ts';
import { ImportReport } from '../domain/importing/report.ts';
import type { Command } from './command.ts';
import { Progress } from './import-progress.ts';
import { summariseReport } from './import-summary.ts';
import { describeFailure, parseOptions, UsageError } from './output.ts';
import { openRuntime } from './runtime.ts';

/** Each format's reader, loaded only when asked for. */
const READERS: Record<string, () => Promise<(file: string) => ImportReader>> = {
  wordpress: async () => (await import('../import/wordpress/reader.ts')).wordpressReader,
  ghost: async () => (await import('../import/ghost/reader.ts')).ghostReader,
  broadsheet: async () => (await import('../import/broadsheet/reader.ts')).broadsheetReader,
};

/**
 * A batch is one transaction. A few hundred posts keep each commit short (the site stays readable
 * and writable meanwhile) while a 100,000-post import still needs only a few hundred commits.
 */
const BATCH = { entries: 250, comments: 2_500, records: 1_000 } as const;

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
    const loadReader = format ? READERS[format] : undefined;
    if (!loadReader) throw new UsageError(`say what to import from: ${Object.keys(READERS).join(', ')} (got "${format ?? ''}")`);
    if (!file) throw new UsageError(`name the ${format} export file to import`);
    if (extra.length > 0) throw new UsageError(`import takes one file at a time (got ${positionals.length - 1})`);
    const reader = (await loadReader())(file);
    const progress = new Progress(process.stderr);

    let plan: ImportPlan;
    try {
      progress.phase(`Checking ${file}`);
      plan = await reader.check();
      progress.done();
    } catch (error) {
      progress.done();
      if (!(error instanceof ImportFileError) && (error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      describeFailure(error, file).lines.forEach((line) => out(line));
      out('Nothing was imported: the database is as it was.');
      return 1;
    }

    const runtime = await openRuntime(config);
    const run: ImportRun = { source: plan.source, report: new ImportReport(plan.source), fallbackAuthor: FALLBACK_AUTHOR };
    const interruption = watchForCtrlC();
    let outcome: 'complete' | 'interrupted' = 'complete';
    try {
      progress.start(plan);
      let batch: ImportRecord[] = [];
      const inBatch = { entries: 0, comments: 0 };
      let entriesDone = 0;
      const commit = async () => {
        await applyImportBatch(runtime.deps, run, batch);
        entriesDone += inBatch.entries;
        progress.committed(entriesDone);
        batch = [];
        inBatch.entries = inBatch.comments = 0;
      };
      for await (const record of reader.read((bytes) => progress.bytes(bytes))) {
        batch.push(record);
        if (record.kind === 'article' || record.kind === 'page') inBatch.entries++;
        if (record.kind === 'article') inBatch.comments += record.comments.length;
        const full = batch.length >= BATCH.records || inBatch.entries >= BATCH.entries || inBatch.comments >= BATCH.comments;
        if (full) await commit();
        if (interruption.requested) {
          outcome = 'interrupted';
          break;
        }
      }
      if (outcome === 'complete' && batch.length > 0) await commit();
    } catch (error) {
      progress.done();
      describeFailure(error, file).lines.forEach((line) => out(line));
      out('The import stopped. Every batch before the failure is saved whole; run the same command again to finish.');
      await saveReport(values.report, run.report, 'failed');
      return 1;
    } finally {
      progress.done();
      interruption.stop();
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
