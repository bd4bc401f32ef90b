/**
 * The servers under test, each in a process of its own: `broadsheet serve` as `npm start` runs it
 * (bin/broadsheet.js, which runs the compiled dist/ when it matches the sources), and the bare
 * node:http baseline (bare-server.ts). Their memory is read from /proc every 250 ms.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SAMPLE_EVERY_MS = 250;

export interface ServerUnderTest {
  readonly url: string;
  readonly child: ChildProcess;
  /** From spawning the process to the first answered request, ms. */
  readonly firstAnswerMs: number;
  /** The highest RSS since the last call, MB; starts a new window. */
  takePeakRssMb(): number;
  /** The highest RSS over the process's whole life, MB. */
  readonly lifePeakRssMb: () => number;
  stop(): Promise<void>;
}

/** A free port on 127.0.0.1, so the first request can be sent before the server says where it listens. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** `broadsheet serve` on the publication in `dataDir`, behind one trusted proxy (the bench sends X-Forwarded-For). */
export async function startBroadsheet(dataDir: string, env: Readonly<Record<string, string>> = {}, nodeArgs: string[] = []) {
  const port = await freePort();
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    BROADSHEET_DATA: dataDir,
    BROADSHEET_DEMO: 'off',
    BACKUP_EVERY_HOURS: '0',
    HOST: '127.0.0.1',
    PORT: String(port),
    TRUST_PROXY: '1',
    ...env,
  };
  delete childEnv.DATABASE_URL;
  delete childEnv.NODE_OPTIONS;
  return start([...nodeArgs, path.join(REPO, 'bin/broadsheet.js'), 'serve'], childEnv, port);
}

/** The bare node:http server answering every request with `page`'s bytes. */
export async function startBare(pageFile: string): Promise<ServerUnderTest> {
  const port = await freePort();
  return start(['--import', 'tsx', path.join(REPO, 'bench/bare-server.ts'), pageFile, String(port)], { ...process.env }, port);
}

async function start(args: string[], env: NodeJS.ProcessEnv, port: number): Promise<ServerUnderTest> {
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let exited = false;
  child.once('exit', () => (exited = true));

  let firstAnswerMs = 0;
  for (;;) {
    if (exited) throw new Error(`the server exited before answering:\n${output}`);
    if (performance.now() - started > 120_000) throw new Error(`the server did not answer within 2 minutes:\n${output}`);
    const answered = await fetch(`${url}/`, { signal: AbortSignal.timeout(5_000) }).then(
      async (response) => (await response.arrayBuffer(), true),
      () => false,
    );
    if (answered) {
      firstAnswerMs = Math.round(performance.now() - started);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }

  let windowPeak = 0;
  let lifePeak = 0;
  const sample = () => {
    const rss = rssMb(child.pid!);
    windowPeak = Math.max(windowPeak, rss);
    lifePeak = Math.max(lifePeak, rss);
  };
  sample();
  const timer = setInterval(sample, SAMPLE_EVERY_MS);
  return {
    url,
    child,
    firstAnswerMs,
    takePeakRssMb() {
      sample();
      const peak = windowPeak;
      windowPeak = 0;
      return peak;
    },
    lifePeakRssMb: () => lifePeak,
    async stop() {
      clearInterval(timer);
      process.off('exit', killOnExit);
      if (exited) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (!exited) child.kill('SIGKILL');
    },
  };
}

/** The process's resident memory now, MB (VmRSS); 0 once it has gone. */
function rssMb(pid: number): number {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    return Math.round((kb / 1024) * 10) / 10;
  } catch {
    return 0;
  }
}
