import { fork, type ChildProcess } from 'node:child_process';
import process from 'node:process';
import type { PictureTools, RenderedPicture } from '../domain/media/storage.ts';
import type { HoldMessage, RenderReply, RenderRequest } from './picture-process-messages.ts';
import { holdWhileServingIsBusy } from './serving-first.ts';

/**
 * Under tsx (npm start from the sources, the tests) the process starts through a small JavaScript
 * file that registers tsx in it; a compiled build starts the compiled module directly.
 */
const underTsx = import.meta.url.endsWith('.ts');
const ENTRY = underTsx ? new URL('../../bin/run-source.js', import.meta.url) : new URL('./picture-process.js', import.meta.url);

/** An idle process is stopped after this long, and gives its memory back; the next picture starts another (in about 0.2 s). */
const IDLE_MS = 30_000;

interface Waiting {
  readonly resolve: (picture: RenderedPicture) => void;
  readonly reject: (error: Error) => void;
}

/**
 * The server's handle on the picture process (src/media/picture-process.ts). Renditions are made
 * there rather than in the server: it runs at the lowest priority, so serving pages keeps a core
 * while a photo is encoded (the article page's p99 doubled when both ran in one process); a
 * photo's pixels and libvips' buffers live in its memory, not the server's; and a picture that
 * crashes the image library fails one job, not the server. While the server is busy serving, the
 * picture process is held (src/media/serving-first.ts).
 */
class PictureProcess {
  private child: ChildProcess | null = null;
  private readonly waiting = new Map<number, Waiting>();
  private lastId = 0;
  private idle: NodeJS.Timeout | undefined;
  private stopHolding: (() => void) | undefined;

  render(request: Omit<RenderRequest, 'id' | 'type'>): Promise<RenderedPicture> {
    clearTimeout(this.idle);
    const child = this.child ?? this.start();
    const id = ++this.lastId;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      // While an answer is awaited the channel keeps this process alive (a CLI command would otherwise end).
      child.channel?.ref();
      this.stopHolding ??= holdWhileServingIsBusy((held) => {
        if (child.connected) child.send({ type: 'hold', held } satisfies HoldMessage);
      });
      child.send({ type: 'render', id, ...request } satisfies RenderRequest, (error) => {
        if (error) this.settle(id, { error: `the picture process could not be asked: ${error.message}` });
      });
    });
  }

  private start(): ChildProcess {
    const child = fork(ENTRY, underTsx ? ['media/picture-process'] : [], {
      execArgv: [],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      // glibc gives each thread that allocates its own arena and keeps what is freed there; two bound that (bench/README.md, "Pictures").
      env: { ...process.env, MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2' },
    });
    child.unref();
    child.on('message', (reply: RenderReply) => this.settle(reply.id, reply));
    const stopped = (why: string) => {
      if (this.child !== child) return;
      this.child = null;
      for (const id of [...this.waiting.keys()]) this.settle(id, { error: `the picture process ${why}` });
    };
    child.on('error', (error) => stopped(`could not run: ${error.message}`));
    child.on('exit', (code, signal) => stopped(`stopped (${signal ?? `exit code ${code}`})`));
    this.child = child;
    return child;
  }

  private settle(id: number, outcome: { picture: RenderedPicture } | { error: string }): void {
    const waiting = this.waiting.get(id);
    if (!waiting) return;
    this.waiting.delete(id);
    if ('picture' in outcome) waiting.resolve(outcome.picture);
    else waiting.reject(new Error(outcome.error));
    if (this.waiting.size > 0) return;
    this.stopHolding?.();
    this.stopHolding = undefined;
    if (!this.child) return;
    const child = this.child;
    child.channel?.unref();
    this.idle = setTimeout(() => {
      this.child = null;
      child.kill();
    }, IDLE_MS);
    this.idle.unref();
  }
}

let shared: PictureProcess | undefined;

/**
 * The same tools, with renditions made in the picture process; one process serves every caller in
 * this one. Reading a file's header (`inspect`, on the upload's request path) takes milliseconds and stays here.
 */
export function inPictureProcess(tools: PictureTools): PictureTools {
  return {
    inspect: (path) => tools.inspect(path),
    render: (original, input) => (shared ??= new PictureProcess()).render({ original, input }),
  };
}
