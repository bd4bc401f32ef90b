/**
 * Where an import spends its time: runs `broadsheet import wordpress` under `node --cpu-prof` on a
 * generated export (10,000 posts and 50,000 comments by default) and prints, for each thread that
 * did the work, the packages, files and functions with the most self time, and the project's
 * functions with the most total time.
 *
 *   node --import tsx bench/import-profile.ts [--posts N] [--comments M] [--top K] [--keep]
 *
 * Not part of `npm run bench`: a profiled run is slower, and its numbers are for reading, not comparing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildAsInstalled, cachedWxr, REPO_ROOT, runBroadsheet } from './import-run.ts';
import { scaledShape } from './wxr-generate.ts';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Where a function lives, shortened: a package's name, or a path inside the repository. */
function place(url: string): string {
  if (url === '') return '(native)';
  const file = url.startsWith('file://') ? new URL(url).pathname : url;
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (inPackage) return inPackage[1]!;
  if (file.startsWith('node:')) return file;
  return path.relative(REPO_ROOT, file);
}

interface Summary {
  readonly ms: number;
  readonly selfByFunction: Map<string, number>;
  readonly selfByPlace: Map<string, number>;
  readonly totalByProjectFunction: Map<string, number>;
}

/** Self time per function and per file or package; total time (self plus callees) for the project's own functions. */
export function summariseProfile(profile: CpuProfile): Summary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const keyOf = (node: ProfileNode) => {
    const { functionName, url, lineNumber } = node.callFrame;
    // tsx compiles a module onto one line, so the project's own functions have no useful line number.
    const line = lineNumber > 0 ? `:${lineNumber + 1}` : '';
    return url ? `${functionName || '(anonymous)'}  ${place(url)}${line}` : functionName;
  };
  const selfByFunction = new Map<string, number>();
  const selfByPlace = new Map<string, number>();
  const totalByProjectFunction = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, ms: number) => map.set(key, (map.get(key) ?? 0) + ms);
  profile.samples.forEach((id, i) => {
    // A sample's delta is the time since the one before; it is charged to the stack seen now.
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const node = byId.get(id)!;
    add(selfByFunction, keyOf(node), ms);
    add(selfByPlace, node.callFrame.url ? place(node.callFrame.url) : node.callFrame.functionName, ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const frame = byId.get(at)!;
      if (!frame.callFrame.url.includes('/src/')) continue;
      const key = keyOf(frame);
      if (!seen.has(key)) add(totalByProjectFunction, key, ms);
      seen.add(key);
    }
  });
  return { ms: (profile.endTime - profile.startTime) / 1000, selfByFunction, selfByPlace, totalByProjectFunction };
}

function printTop(title: string, map: Map<string, number>, wholeMs: number, top: number): void {
  console.log(`\n${title}`);
  const rows = [...map].sort((a, b) => b[1] - a[1]).slice(0, top);
  for (const [key, ms] of rows) {
    console.log(`${(ms / 1000).toFixed(2).padStart(8)} s ${((100 * ms) / wholeMs).toFixed(1).padStart(5)} %  ${key}`);
  }
}

/** Threads that worked less than this are tsx's module loaders, not the import. */
const MIN_BUSY_MS = 2_000;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      posts: { type: 'string', default: '10000' },
      comments: { type: 'string', default: '50000' },
      top: { type: 'string', default: '30' },
      keep: { type: 'boolean', default: false },
    },
  });
  const top = Number(values.top);
  const wxr = await cachedWxr(scaledShape(Number(values.posts), Number(values.comments)));
  buildAsInstalled();
  console.log(`Profiling the import of ${wxr.file} (${(wxr.stats.bytes / 1_048_576).toFixed(1)} MB) …`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-import-profile-'));
  try {
    const profiles = path.join(dir, 'profiles');
    const run = await runBroadsheet(dir, ['import', 'wordpress', wxr.file], ['--cpu-prof', `--cpu-prof-dir=${profiles}`]);
    const cpu = run.cpuSeconds ? `${run.cpuSeconds.user} s user + ${run.cpuSeconds.system} s system` : '?';
    console.log(`  ${run.seconds} s (CPU ${cpu}), peak RSS ${run.peakRssMb} MB, exit ${run.exitCode}`);
    if (run.exitCode !== 0) console.log(run.stdout, run.stderr);
    // One profile per thread (CPU.<date>.<time>.<pid>.<thread id>.<n>.cpuprofile): the main
    // thread's, a reading worker's if the import has one, and tsx's loader threads, which are
    // idle once the modules are loaded and are left out.
    for (const name of fs.readdirSync(profiles).sort()) {
      const summary = summariseProfile(JSON.parse(fs.readFileSync(path.join(profiles, name), 'utf8')) as CpuProfile);
      const idleMs = (summary.selfByPlace.get('(idle)') ?? 0) + (summary.selfByPlace.get('(program)') ?? 0);
      if (summary.ms - idleMs < MIN_BUSY_MS) continue;
      const thread = name.split('.')[4] ?? '?';
      console.log(
        `\n=== Thread ${thread}${thread === '0' ? ' (main)' : ''}: ${(summary.ms / 1000).toFixed(1)} s profiled, ${((summary.ms - idleMs) / 1000).toFixed(1)} s busy`,
      );
      printTop('Self time by package or file', summary.selfByPlace, summary.ms, top);
      printTop('Self time by function', summary.selfByFunction, summary.ms, top);
      printTop('Total time (with callees) of the project’s functions', summary.totalByProjectFunction, summary.ms, top);
      if (values.keep) {
        const kept = path.join(os.tmpdir(), `broadsheet-import-${Date.now()}-thread-${thread}.cpuprofile`);
        fs.copyFileSync(path.join(profiles, name), kept);
        console.log(`\nProfile kept at ${kept} (open it in Chrome DevTools → Performance).`);
      }
    }
    return run.exitCode === 0 ? 0 : 1;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
