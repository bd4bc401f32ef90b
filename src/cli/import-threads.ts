import { inspect } from 'node:util';
import { Worker, type MessagePort, type ResourceLimits, type TransferListItem } from 'node:worker_threads';
import type { ThreadFailure } from './import-messages.ts';

/**
 * Under tsx (npm start, the tests) a thread is started through a small JavaScript file that
 * registers tsx in it; a compiled build starts the compiled module directly.
 */
const underTsx = import.meta.url.endsWith('.ts');
const BOOTSTRAP = new URL('../../bin/run-source.js', import.meta.url);

/** The threads of an import, by entry module (src/cli/ENTRY.ts), with the memory each may use. */
const THREADS = {
  /**
   * Parsing and preparing records. Left alone, V8 lets a busy parser's heap grow by hundreds of
   * megabytes before collecting; its live data is a few batches, and caps make it collect in time.
   * Tighter ones cost more than they saved: with 48 MB of old or 32 MB of young generation the
   * parser promoted and collected so much more that the 100,000-post import took 10 s longer.
   */
  'import-reader': { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 48 },
  /** Writing batches: the batch being written and the one queued behind it, and SQLite's statements. */
  'import-writer': { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16 },
} satisfies Record<string, ResourceLimits>;

export type ImportThreadEntry = keyof typeof THREADS;

/** Messages in arrival order, for a consumer that awaits them one at a time. */
export class MessageQueue<T> {
  private readonly queue: T[] = [];
  private waiting: ((message: T) => void) | null = null;

  deliver(message: T): void {
    if (this.waiting) {
      const waiting = this.waiting;
      this.waiting = null;
      waiting(message);
    } else this.queue.push(message);
  }

  next(): Promise<T> {
    const queued = this.queue.shift();
    return queued !== undefined ? Promise.resolve(queued) : new Promise((resolve) => (this.waiting = resolve));
  }

  /** Everything that arrives on `port`, queued. */
  static of<T>(port: MessagePort): MessageQueue<T> {
    const queue = new MessageQueue<T>();
    port.on('message', (message: T) => queue.deliver(message));
    return queue;
  }
}

/** The main thread's handle on one thread of the import: what it says, in order, and a way to talk to it. */
export class ImportThread<In extends { readonly type: string }, Out> {
  private readonly worker: Worker;
  private readonly messages = new MessageQueue<In | ThreadFailure>();

  constructor(entry: ImportThreadEntry, data: object, transferList: readonly TransferListItem[] = []) {
    this.worker = new Worker(underTsx ? BOOTSTRAP : new URL(`./${entry}.js`, import.meta.url), {
      // The bootstrap's argument: which module it starts.
      argv: [`cli/${entry}`],
      workerData: data,
      transferList: [...transferList],
      resourceLimits: THREADS[entry],
    });
    this.worker.on('message', (message: In) => this.messages.deliver(message));
    // What a thread throws arrives cloned: a SqliteError, say, as a bare object with its code alone.
    this.worker.on('error', (error: unknown) =>
      this.messages.deliver({ type: 'failure', message: error instanceof Error ? (error.stack ?? error.message) : inspect(error) }),
    );
    this.worker.on('exit', (code) => {
      if (code !== 0) this.messages.deliver({ type: 'failure', message: `the ${entry} thread stopped (exit code ${code})` });
    });
  }

  next(): Promise<In | ThreadFailure> {
    return this.messages.next();
  }

  post(message: Out): void {
    this.worker.postMessage(message);
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}

/** An error to throw for a thread's failure message, keeping its errno code (ENOENT for a missing file). */
export function threadError(failure: ThreadFailure): Error {
  return Object.assign(new Error(failure.message), { code: failure.code });
}
