/**
 * The two halves of an import measurement: the generated export, made once and kept in the
 * system's temp dir between runs, and `broadsheet import wordpress` run on it in a child process,
 * exactly as a newsroom developer would type it.
 */
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateWxr, type WxrShape, type WxrStats } from './wxr-generate.ts';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(BENCH_DIR, '..');
const BIN = path.join(REPO_ROOT, 'bin/broadsheet.js');
const CACHE_PREFIX = 'broadsheet-bench-wxr-';

/** The sources the file is made from: a change to any of them makes the cached file stale. */
const GENERATOR_SOURCES = [
  'wxr-generate.ts',
  'import-wxr-plan.ts',
  'import-wxr-text.ts',
  'import-wxr-site.ts',
  'import-wxr-items.ts',
  'import-wxr-xml.ts',
  'text.ts',
];

export interface GeneratedWxr {
  readonly file: string;
  readonly stats: WxrStats;
  /** false: an earlier run's file was reused. */
  readonly generated: boolean;
}

/**
 * The export for `shape`, generated only when no earlier run left one for the same shape and
 * generator. A file of 800 MB takes 20–45 s to write; the import is what is being measured.
 */
export async function cachedWxr(shape: WxrShape): Promise<GeneratedWxr> {
  const hash = crypto.createHash('sha256');
  for (const source of GENERATOR_SOURCES) hash.update(fs.readFileSync(path.join(BENCH_DIR, source)));
  const generator = `${CACHE_PREFIX}${hash.digest('hex').slice(0, 12)}`;
  const name = `${generator}-${crypto.createHash('sha256').update(JSON.stringify(shape)).digest('hex').slice(0, 8)}-${shape.posts}p-${shape.comments}c`;
  const file = path.join(os.tmpdir(), `${name}.xml`);
  const statsFile = path.join(os.tmpdir(), `${name}.json`);
  if (fs.existsSync(file) && fs.existsSync(statsFile)) {
    return { file, stats: JSON.parse(fs.readFileSync(statsFile, 'utf8')) as WxrStats, generated: false };
  }
  removeStaleFiles(generator);
  // Written under another name and renamed when whole, so an interrupted run leaves no file that looks finished.
  const partial = `${file}.partial-${process.pid}`;
  const removePartial = () => fs.rmSync(partial, { force: true });
  process.once('exit', removePartial);
  try {
    const stats = await generateWxr(partial, shape);
    fs.renameSync(partial, file);
    fs.writeFileSync(statsFile, JSON.stringify(stats));
    return { file, stats, generated: true };
  } finally {
    removePartial();
    process.off('exit', removePartial);
  }
}

/**
 * Files an older generator wrote, which no run will read again, and halves left by a run that was
 * killed: each can be hundreds of MB.
 */
function removeStaleFiles(generator: string): void {
  for (const entry of fs.readdirSync(os.tmpdir())) {
    if (!entry.startsWith(CACHE_PREFIX)) continue;
    const writer = /\.partial-(\d+)$/.exec(entry)?.[1];
    if (!entry.startsWith(generator) || (writer !== undefined && !isRunning(Number(writer)))) {
      fs.rmSync(path.join(os.tmpdir(), entry), { force: true });
    }
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface CommandRun {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly seconds: number;
  /** The child's own peak resident memory (getrusage's maxrss), or null if it died before saying. */
  readonly peakRssMb: number | null;
  readonly cpuSeconds: { readonly user: number; readonly system: number } | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Loaded into the child with --require. bin/broadsheet.js does the work in its own process (tsx
 * registers in-process, it does not spawn), so the child's own rusage at exit is the import's:
 * its peak RSS, threads included, without sampling that could miss a short peak.
 */
const USAGE_HOOK = `const fs = require('node:fs');
process.on('exit', () => fs.writeFileSync(process.env.BROADSHEET_BENCH_USAGE, JSON.stringify(process.resourceUsage())));
`;

/** Far beyond any target: a run this long is stuck, and is stopped as Ctrl-C would stop it. */
const GIVE_UP_MS = 30 * 60_000;

/**
 * The import is measured as a newsroom runs it after `npm install`: from the compiled build in
 * dist/, which bin/broadsheet.js runs when it matches the sources. Building first makes sure an
 * edited checkout is not measured through tsx instead.
 */
export function buildAsInstalled(): void {
  console.log('Building dist/ (npm run build), as npm install does …');
  const build = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts/build.js')], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`npm run build failed (exit ${build.status ?? build.signal})`);
}

/** Runs `broadsheet ARGS…` against `dataDir` and measures it; `nodeArgs` go to node itself (e.g. --cpu-prof). */
export async function runBroadsheet(dataDir: string, args: readonly string[], nodeArgs: readonly string[] = []): Promise<CommandRun> {
  const hook = path.join(dataDir, '.bench-usage-hook.cjs');
  const usageFile = path.join(dataDir, '.bench-usage.json');
  fs.writeFileSync(hook, USAGE_HOOK);
  fs.rmSync(usageFile, { force: true });
  const env: NodeJS.ProcessEnv = { ...process.env, BROADSHEET_DATA: dataDir, BROADSHEET_DEMO: 'off', BROADSHEET_BENCH_USAGE: usageFile };
  delete env.DATABASE_URL;
  delete env.NODE_OPTIONS;
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, '--require', hook, BIN, ...args], {
    cwd: REPO_ROOT,
    env,
    timeout: GIVE_UP_MS,
    killSignal: 'SIGINT',
  });
  // Ctrl-C reaches the child too; this only makes sure it never outlives the bench.
  const stop = () => child.kill('SIGKILL');
  process.once('exit', stop);
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, sig) => resolve([code, sig]));
  }).finally(() => process.off('exit', stop));
  const seconds = Math.round(performance.now() - started) / 1000;
  const usage = fs.existsSync(usageFile) ? (JSON.parse(fs.readFileSync(usageFile, 'utf8')) as NodeJS.ResourceUsage) : null;
  return {
    exitCode,
    signal,
    seconds,
    // maxRSS is in kilobytes.
    peakRssMb: usage ? Math.round((usage.maxRSS / 1024) * 10) / 10 : null,
    cpuSeconds: usage ? { user: round1(usage.userCPUTime / 1e6), system: round1(usage.systemCPUTime / 1e6) } : null,
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
  };
}

const round1 = (n: number) => Math.round(n * 10) / 10;
