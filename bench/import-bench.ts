/**
 * The import part of `npm run bench`: a generated WordPress export of 100,000 posts and 500,000
 * comments goes through `broadsheet import wordpress` into an empty database, then again into the
 * same one. The targets: under 60 s and under 300 MB of peak memory; the second run must
 * change nothing. See bench/README.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildAsInstalled, cachedWxr, runBroadsheet, type CommandRun } from './import-run.ts';
import { WXR_SHAPE, type WxrShape, type WxrStats } from './wxr-generate.ts';

export const IMPORT_TARGETS = { seconds: 60, peakRssMb: 300 } as const;

/** The kinds of a report's counts this bench reads; the report itself is the CLI's --report JSON. */
type Kind = 'author' | 'tag' | 'media' | 'article' | 'page' | 'comment';
const KINDS: readonly Kind[] = ['author', 'tag', 'media', 'article', 'page', 'comment'];
type KindCounts = { readonly created: number; readonly updated: number; readonly skipped: number };
interface SavedReport {
  readonly outcome: string;
  readonly counts: Partial<Record<Kind, KindCounts>>;
  readonly noteCounts: Record<string, number>;
}

export interface ImportRunResult {
  readonly seconds: number;
  readonly peakRssMb: number | null;
  readonly cpuSeconds: { readonly user: number; readonly system: number } | null;
  readonly exitCode: number | null;
  readonly outcome: string | null;
  readonly counts: Partial<Record<Kind, KindCounts>>;
  readonly noteCounts: Record<string, number>;
}

export interface ImportBenchResults {
  readonly shape: WxrShape;
  readonly targets: typeof IMPORT_TARGETS;
  readonly file: { readonly mb: number; readonly generated: boolean; readonly generationMs: number; readonly stats: WxrStats };
  /** What an import of the file must create, by kind. */
  readonly expected: Readonly<Record<'article' | 'page' | 'media' | 'comment', number>>;
  readonly first: ImportRunResult;
  readonly postsPerSecond: number;
  readonly commentsPerSecond: number;
  readonly databaseMb: number;
  /** The same command on the same file again: it must create and update nothing. */
  readonly rerun: ImportRunResult;
}

export interface ImportBenchOutcome {
  readonly results: ImportBenchResults;
  readonly warnings: string[];
  readonly failures: string[];
}

const mb = (bytes: number) => Math.round((bytes / 1_048_576) * 10) / 10;

export async function benchImport(shape: WxrShape = WXR_SHAPE): Promise<ImportBenchOutcome> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-bench-import-'));
  // Ctrl-C reaches the import too, which stops after its batch; its data must not stay behind.
  // Exiting (rather than dying of the signal) also lets a half-written export be removed.
  const onInterrupt = () => {
    fs.rmSync(dir, { recursive: true, force: true });
    process.exit(130);
  };
  process.once('SIGINT', onInterrupt);
  try {
    console.log(
      `Preparing a WordPress export of ${shape.posts.toLocaleString('en')} posts and ${shape.comments.toLocaleString('en')} comments …`,
    );
    const wxr = await cachedWxr(shape);
    console.log(
      wxr.generated
        ? `  generated ${wxr.file} (${mb(wxr.stats.bytes)} MB) in ${(wxr.stats.ms / 1000).toFixed(1)} s`
        : `  reusing ${wxr.file} (${mb(wxr.stats.bytes)} MB)`,
    );
    buildAsInstalled();
    const dataDir = path.join(dir, 'data');
    fs.mkdirSync(dataDir);
    const importOnce = async (name: string): Promise<ImportRunResult> => {
      const reportFile = path.join(dir, `${name}.json`);
      console.log(`Importing (${name} run) …`);
      const run = await runBroadsheet(dataDir, ['import', 'wordpress', wxr.file, '--report', reportFile]);
      const result = summarise(run, reportFile);
      console.log(`  ${result.seconds.toFixed(1)} s, peak RSS ${result.peakRssMb ?? '?'} MB, exit ${run.exitCode ?? run.signal}`);
      if (run.exitCode !== 0) console.log(indent(`${run.stdout}\n${run.stderr}`.trim()));
      return result;
    };
    const first = await importOnce('first');
    const databaseMb = mb(fs.readdirSync(dataDir).reduce((sum, entry) => sum + fs.statSync(path.join(dataDir, entry)).size, 0));
    const rerun = await importOnce('second');
    const { stats } = wxr;
    const results: ImportBenchResults = {
      shape,
      targets: IMPORT_TARGETS,
      file: { mb: mb(stats.bytes), generated: wxr.generated, generationMs: stats.ms, stats },
      expected: {
        article: Object.values(stats.posts).reduce((a, b) => a + b, 0) - stats.posts.trash,
        page: stats.pages,
        media: stats.attachments,
        comment: stats.comments.approved + stats.comments.pending + stats.comments.spam,
      },
      first,
      postsPerSecond: Math.round(shape.posts / first.seconds),
      commentsPerSecond: Math.round(shape.comments / first.seconds),
      databaseMb,
      rerun,
    };
    return { results, ...judge(results) };
  } finally {
    process.off('SIGINT', onInterrupt);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function summarise(run: CommandRun, reportFile: string): ImportRunResult {
  const report = fs.existsSync(reportFile) ? (JSON.parse(fs.readFileSync(reportFile, 'utf8')) as SavedReport) : null;
  return {
    seconds: run.seconds,
    peakRssMb: run.peakRssMb,
    cpuSeconds: run.cpuSeconds,
    exitCode: run.exitCode,
    outcome: report?.outcome ?? null,
    counts: report?.counts ?? {},
    noteCounts: report?.noteCounts ?? {},
  };
}

/** Speed and memory over target are warnings, as in the page bench; a lost item or a second run that writes is a failure. */
function judge(results: ImportBenchResults): { warnings: string[]; failures: string[] } {
  const warnings: string[] = [];
  const failures: string[] = [];
  const { first, rerun, targets } = results;
  for (const [name, run] of [
    ['first', first],
    ['second', rerun],
  ] as const) {
    if (run.exitCode !== 0)
      failures.push(`the ${name} import exited with ${run.exitCode ?? 'a signal'} (report outcome: ${run.outcome ?? 'none'})`);
    if (run.peakRssMb === null) failures.push(`the ${name} import did not report its memory: did it crash?`);
    else if (run.peakRssMb > targets.peakRssMb)
      warnings.push(`the ${name} import peaked at ${run.peakRssMb} MB RSS, over the ${targets.peakRssMb} MB target`);
  }
  if (first.seconds > targets.seconds) {
    warnings.push(
      `the import took ${first.seconds.toFixed(1)} s (${results.postsPerSecond} posts/s), over the ${targets.seconds} s target`,
    );
  }
  if (first.exitCode === 0) {
    for (const [kind, want] of Object.entries(results.expected) as Array<[Kind, number]>) {
      const got = first.counts[kind]?.created ?? 0;
      if (got !== want) failures.push(`the import created ${got} ${kind} records; the file holds ${want}`);
    }
  }
  const rewritten = KINDS.filter((kind) => (rerun.counts[kind]?.created ?? 0) + (rerun.counts[kind]?.updated ?? 0) > 0);
  if (rerun.exitCode === 0 && rewritten.length > 0) {
    const what = rewritten.map((kind) => `${kind} ${rerun.counts[kind]!.created} created / ${rerun.counts[kind]!.updated} updated`);
    failures.push(`importing the same file again changed something: ${what.join(', ')}`);
  }
  return { warnings, failures };
}

const pad = (text: string | number, width: number) => String(text).padStart(width);
const indent = (text: string) =>
  text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');

export function printImportResults(results: ImportBenchResults): void {
  const { first, rerun, file, targets } = results;
  const cpu = (run: ImportRunResult) => (run.cpuSeconds ? `${run.cpuSeconds.user} s user + ${run.cpuSeconds.system} s system` : '?');
  console.log(
    `\nWordPress import: ${results.shape.posts.toLocaleString('en')} posts, ${results.shape.comments.toLocaleString('en')} comments, ` +
      `${file.stats.attachments.toLocaleString('en')} attachments, ${file.stats.pages} pages (${file.mb} MB of WXR)`,
  );
  console.log(`${'run'.padEnd(10)}${pad('seconds', 9)}${pad('posts/s', 9)}${pad('comments/s', 12)}${pad('peak MB', 9)}  cpu`);
  console.log(
    `${'first'.padEnd(10)}${pad(first.seconds.toFixed(1), 9)}${pad(results.postsPerSecond, 9)}${pad(results.commentsPerSecond, 12)}` +
      `${pad(first.peakRssMb ?? '?', 9)}  ${cpu(first)}`,
  );
  const share = `${Math.round((100 * rerun.seconds) / first.seconds)} % of first`;
  console.log(`${'second'.padEnd(10)}${pad(rerun.seconds.toFixed(1), 9)}${pad(share, 21)}${pad(rerun.peakRssMb ?? '?', 9)}  ${cpu(rerun)}`);
  console.log(`  targets: under ${targets.seconds} s and ${targets.peakRssMb} MB; database after the import: ${results.databaseMb} MB`);
  for (const [name, run] of [
    ['first', first],
    ['second', rerun],
  ] as const) {
    const counts = KINDS.map((kind) => {
      const c = run.counts[kind];
      return c ? `${kind} ${c.created}/${c.updated}/${c.skipped}` : `${kind} -`;
    });
    console.log(`  ${name} run, created/updated/skipped: ${counts.join(', ')}`);
  }
  const notes = Object.entries(first.noteCounts).map(([code, n]) => `${code} ${n}`);
  if (notes.length > 0) console.log(`  notes: ${notes.join(', ')}`);
}
