/** The two processes `npm run audit` needs: the publication as `npm start` serves it, and a debuggable Chromium. */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_FLAGS, type ChromiumChoice } from '../test/support/chromium.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const START_TIMEOUT_MS = 60_000;

export interface Running {
  readonly url: string;
  readonly port: number;
  /** Ends the process and resolves once it has exited, so its files can be removed. */
  stop(): Promise<void>;
}

/** `broadsheet serve` on a free port and an empty data folder, so it loads the demo as `npm start` does. */
export async function startServer(dir: string): Promise<Running> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, BROADSHEET_DATA: dir, PORT: String(port), HOST: '127.0.0.1', BACKUP_EVERY_HOURS: '0' };
  for (const name of ['DATABASE_URL', 'SITE_URL', 'BROADSHEET_DEMO']) delete env[name];
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/broadsheet.js'), 'serve'], { cwd: ROOT, env, stdio: 'pipe' });
  await waitForLine(child, 'the server', /is live at (http:\/\/\S+)/);
  return { url: `http://127.0.0.1:${port}`, port, stop: () => stopChild(child) };
}

/** Chromium as the tests choose it, headless, with the debugging port Lighthouse drives it through. */
export async function startChromium(choice: ChromiumChoice, dir: string): Promise<Running> {
  const child = spawn(
    choice.executablePath,
    [...CHROMIUM_FLAGS, '--headless', '--remote-debugging-port=0', `--user-data-dir=${path.join(dir, 'chromium')}`, 'about:blank'],
    { env: { ...process.env, ...choice.env }, stdio: 'pipe' },
  );
  const match = await waitForLine(child, choice.description, /DevTools listening on (ws:\/\/[^:]+:(\d+)\/\S*)/);
  return { url: match[1] ?? '', port: Number(match[2]), stop: () => stopChild(child) };
}

/**
 * Waits for the line a child prints once it is ready; its output so far explains a failure. Its
 * output is read to the end, kept only until then: a full pipe would stall the child.
 */
function waitForLine(child: ChildProcess, name: string, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let output = '';
    let ready = false;
    const fail = (why: string) => {
      if (ready) return;
      clearTimeout(timer);
      child.kill();
      reject(new Error(`${name} did not start: ${why}\n${output}`));
    };
    const timer = setTimeout(() => fail(`nothing after ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS);
    const read = (chunk: Buffer) => {
      if (ready) return;
      output += chunk.toString();
      const match = pattern.exec(output);
      if (match) {
        ready = true;
        output = '';
        clearTimeout(timer);
        resolve(match);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('error', (error) => fail(error.message));
    child.once('exit', (code, signal) => fail(`it exited (${signal ?? `code ${code}`})`));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill();
  return exited;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}
