/**
 * `npm run bench -- --only media`: the media library's targets (issue 14). A generated
 * 24-megapixel JPEG is made into every rendition by processPicture with sharp, in a process of its
 * own, three times: the median wall time and peak RSS against 3 s and 300 MB. Then the served
 * article page's p99 before and while the server's outbox worker processes ten uploads sent
 * through the newsroom's upload form (bench/media-served.ts). See bench/README.md, "Pictures".
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import { openRuntime } from '../src/cli/runtime.ts';
import { uploadPicture } from '../src/domain/media/upload.ts';
import { consoleOperator } from '../src/domain/shared/policy.ts';
import { mediaServices } from '../src/media/services.ts';
import { REPO_ROOT } from './import-run.ts';
import { makeBenchPhoto } from './media-photo.ts';
import { benchUploadsWhileServing, type UploadsWhileServing } from './media-served.ts';

export const MEDIA_TARGETS = { processingMs: 3_000, peakRssMb: 300, p99Ratio: 1.5 } as const;
const RUNS = 3;

export interface ProcessingRun {
  readonly ms: number;
  /** CPU time of all the process's threads: on a busy machine wall time grows with the others' load, this does not. */
  readonly cpuMs: number;
  readonly peakRssMb: number;
  /** The process's RSS once the database was open, before the picture: Node, tsx and the app's modules. */
  readonly rssBeforeMb: number;
}

export interface MediaResults {
  readonly processing: {
    readonly width: number;
    readonly height: number;
    readonly fileMb: number;
    readonly renditions: number;
    readonly runs: ProcessingRun[];
    readonly medianMs: number;
    readonly medianCpuMs: number;
    readonly medianPeakRssMb: number;
    /** The machine's 1-minute load average when the runs ended, against its CPU count: how far wall time is to be trusted. */
    readonly loadAverage: number;
    readonly cpus: number;
  };
  readonly serving?: UploadsWhileServing;
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function benchMedia(): Promise<{ results: MediaResults; warnings: string[]; failures: string[] }> {
  const processing = await benchProcessing();
  const serving = process.env['MEDIA_SERVED'] === 'off' ? undefined : await benchUploadsWhileServing();
  const results: MediaResults = { processing, ...(serving ? { serving } : {}) };
  printMedia(results);
  const warnings: string[] = [];
  if (processing.medianMs > MEDIA_TARGETS.processingMs)
    warnings.push(`media: a 24-megapixel JPEG took ${processing.medianMs} ms (target ${MEDIA_TARGETS.processingMs} ms)`);
  if (processing.medianPeakRssMb > MEDIA_TARGETS.peakRssMb)
    warnings.push(`media: processing peaked at ${processing.medianPeakRssMb} MB (target ${MEDIA_TARGETS.peakRssMb} MB)`);
  if (serving && serving.p99Ratio > MEDIA_TARGETS.p99Ratio)
    warnings.push(
      `media: the article page's p99 was ${serving.p99Ratio}x its baseline while uploads were processed (target ≤ ${MEDIA_TARGETS.p99Ratio}x)`,
    );
  const failures =
    serving && serving.processed < serving.uploads ? [`media: ${serving.uploads - serving.processed} uploads were never processed`] : [];
  return { results, warnings, failures };
}

async function benchProcessing(): Promise<MediaResults['processing']> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-media-'));
  try {
    const [width, height] = [6000, 4000];
    const photo = path.join(dir, 'photo.jpg');
    console.log(`Media: making a ${width} × ${height} JPEG in ${dir} …`);
    const bytes = await makeBenchPhoto(photo, width, height, 200);
    const mediaId = await acceptUpload(dir, photo, bytes);
    const runs: Array<ProcessingRun & { renditions: number }> = [];
    for (let run = 0; run < RUNS; run += 1) {
      runs.push(await processInChild(dir, mediaId));
      console.log(`  run ${run + 1}: ${runs.at(-1)!.ms} ms (CPU ${runs.at(-1)!.cpuMs} ms), peak RSS ${runs.at(-1)!.peakRssMb} MB`);
    }
    return {
      width,
      height,
      fileMb: Math.round(bytes / 100_000) / 10,
      renditions: runs[0]!.renditions,
      runs: runs.map(({ ms, cpuMs, peakRssMb, rssBeforeMb }) => ({ ms, cpuMs, peakRssMb, rssBeforeMb })),
      medianMs: median(runs.map((run) => run.ms)),
      medianCpuMs: median(runs.map((run) => run.cpuMs)),
      loadAverage: Math.round(os.loadavg()[0]! * 10) / 10,
      cpus: os.cpus().length,
      medianPeakRssMb: median(runs.map((run) => run.peakRssMb)),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The photo accepted into a new publication's library as an upload is (its job left for the children to do). */
async function acceptUpload(dir: string, photo: string, bytes: number): Promise<number> {
  const config = loadConfig({ BROADSHEET_DATA: dir, BROADSHEET_DEMO: 'off' });
  const runtime = await openRuntime(config);
  try {
    const upload = path.join(dir, 'upload.jpg');
    fs.copyFileSync(photo, upload);
    const head = fs.readFileSync(upload).subarray(0, 64);
    const file = { path: upload, originalName: 'photo.jpg', bytes, truncated: false, head };
    const item = await uploadPicture({ ...runtime.deps, media: mediaServices(config) }, { actor: consoleOperator, file });
    return item.id;
  } finally {
    await runtime.close();
  }
}

function processInChild(dir: string, mediaId: number): Promise<ProcessingRun & { renditions: number }> {
  return new Promise((resolve, reject) => {
    const args = ['--import', 'tsx', path.join(REPO_ROOT, 'bench/media-process.ts'), dir, String(mediaId)];
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const line = /BENCH_JSON (.*)/.exec(output)?.[1];
      if (code === 0 && line) resolve(JSON.parse(line) as ProcessingRun & { renditions: number });
      else reject(new Error(`processing the picture failed (exit ${code}):\n${output.slice(-4000)}`));
    });
  });
}

function printMedia(results: MediaResults): void {
  const { processing: p, serving: s } = results;
  console.log(
    `\nPictures (targets: ${MEDIA_TARGETS.processingMs / 1000} s and ${MEDIA_TARGETS.peakRssMb} MB a 24 MP JPEG; article p99 ≤ ${MEDIA_TARGETS.p99Ratio}x while 10 uploads are processed)`,
  );
  console.log(
    `  ${p.width} × ${p.height} JPEG (${p.fileMb} MB) into ${p.renditions} renditions: median ${p.medianMs} ms (CPU ${p.medianCpuMs} ms), ` +
      `peak RSS ${p.medianPeakRssMb} MB (runs ${p.runs.map((run) => `${run.ms} ms/${run.cpuMs} ms CPU/${run.peakRssMb} MB`).join(', ')}; ` +
      `${p.runs[0]!.rssBeforeMb} MB before the picture; load average ${p.loadAverage} on ${p.cpus} CPUs)`,
  );
  if (s) {
    console.log(
      `  article page p99 ${s.baseline.p99Ms} ms alone, ${s.during.p99Ms} ms while ${s.uploads} uploads were processed (${s.p99Ratio}x); ` +
        `p50 ${s.baseline.p50Ms} → ${s.during.p50Ms} ms, ${s.baseline.requestsPerSecond} → ${s.during.requestsPerSecond} req/s (${s.during.generator})`,
    );
    console.log(
      `  ${s.processedDuring} of ${s.uploads} were ready by the end of the ${s.seconds} s run, all ${s.processed} ${(s.allReadyMs / 1000).toFixed(1)} s after the last upload; ` +
        `server peak RSS ${s.peakRssMb} MB`,
    );
  }
}
