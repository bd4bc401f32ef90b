/**
 * `broadsheet serve` stopped by SIGTERM, as a process manager or a container runtime stops it: a
 * request in flight finishes with its whole answer (and what it wrote is kept), no new connection
 * is taken meanwhile, and the process then exits 0.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { tempDataDir } from './support/app.ts';
import { runCli, startServer } from './support/cli.ts';
import { hiddenCommentInputs } from './support/comment-form.ts';
import { form } from './support/factories.ts';

let dataDir: string;
beforeEach(() => {
  dataDir = tempDataDir();
});
afterEach(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether a new TCP connection to the server is accepted. */
function connects(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

it('finishes a request in flight when SIGTERM arrives, refuses new connections meanwhile, and exits 0', async () => {
  const story = path.join(dataDir, 'story.md');
  fs.writeFileSync(story, '---\ntitle: Ferry strike ends\nslug: ferry-strike\nauthor: Mei Lin Chau\n---\n\nThe text.\n');
  expect((await runCli(dataDir, ['publish', story], { BROADSHEET_DEMO: 'off' })).code).toBe(0);
  const server = await startServer(dataDir, { BROADSHEET_DEMO: 'off', BACKUP_EVERY_HOURS: '0' });
  const exited = new Promise<number | null>((resolve) => server.process.once('exit', (code) => resolve(code)));
  const { port } = new URL(server.url);
  try {
    // A reader on a slow line: the comment form's body arrives in two parts, SIGTERM between them.
    const formAt = Date.now();
    const page = await (await fetch(`${server.url}/articles/ferry-strike`)).text();
    const body = form({
      ...hiddenCommentInputs(page),
      comment: 'Good news for the islands.',
      author: 'Ada Reader',
      email: 'ada@example.com',
    });
    const bytes = Buffer.from(body.payload);
    const socket = net.connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    const ended = new Promise((resolve) => socket.once('end', resolve));
    socket.write(
      `POST /articles/ferry-strike/comments HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
        `Content-Type: ${body.headers['content-type']}\r\nContent-Length: ${bytes.length}\r\n\r\n`,
    );
    socket.write(bytes.subarray(0, 20));
    await sleep(300);

    server.process.kill('SIGTERM');
    await sleep(500);
    expect(await connects(Number(port))).toBe(false);
    expect(answer).toBe('');

    // The rest, once past the spam checks' 3 s minimum from the form's rendering.
    await sleep(Math.max(0, formAt + 3_500 - Date.now()));
    socket.end(bytes.subarray(20));
    await ended;
    const [head = '', rest = ''] = answer.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 303 /);
    expect(head).toMatch(/\r\nlocation: \/articles\/ferry-strike\?comment=pending#comment-notice\r\n/i);
    expect(Buffer.byteLength(rest, 'latin1')).toBe(Number(/\r\ncontent-length: (\d+)/i.exec(head)?.[1]));

    expect(await exited).toBe(0);
  } finally {
    server.process.kill('SIGKILL');
  }
  // What the request wrote was committed before the database closed.
  const listed = await runCli(dataDir, ['comments', 'list', '--status', 'pending']);
  expect(listed.stdout).toContain('Good news for the islands.');
}, 60_000);
