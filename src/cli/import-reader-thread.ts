import { Worker } from 'node:worker_threads';
import { ImportFileError, type ImportPlan, type ImportRecord } from '../domain/importing/records.ts';
import type { FromReader, ToReader } from './import-messages.ts';

/**
 * Under tsx (npm start, the tests) the worker is started through a small JavaScript file that
 * registers tsx in its thread; a compiled build starts the compiled worker directly.
 */
const WORKER = import.meta.url.endsWith('.ts')
  ? new URL('../../bin/import-worker.js', import.meta.url)
  : new URL('./import-worker.js', import.meta.url);

/** The reading thread needs about 50 MB; twice that leaves room for a batch of long posts. */
const READER_HEAP_MB = 128;

export interface ReadBatch {
  readonly records: ImportRecord[];
  /** Posts and pages in the batch. */
  readonly entries: number;
  readonly bytesRead: number;
}

/** The main thread's handle on the reading thread (import-worker.ts). */
export class ReaderThread {
  private readonly worker: Worker;
  private readonly queue: FromReader[] = [];
  private waiting: ((message: FromReader) => void) | null = null;

  constructor(format: string, file: string) {
    this.worker = new Worker(WORKER, {
      workerData: { format, file },
      // Left alone, V8 lets a busy parser's heap grow by hundreds of megabytes before collecting;
      // the reader's live data is a few batches, and a cap makes it collect in time.
      resourceLimits: { maxOldGenerationSizeMb: READER_HEAP_MB },
    });
    this.worker.on('message', (message: FromReader) => this.deliver(message));
    this.worker.on('error', (error: Error) => this.deliver({ type: 'failure', message: error.stack ?? error.message }));
    this.worker.on('exit', (code) => {
      if (code !== 0) this.deliver({ type: 'failure', message: `the reading thread stopped (exit code ${code})` });
    });
  }

  /** Resolves once the whole file has been checked; rejects with ImportFileError for a bad one. */
  async check(): Promise<ImportPlan> {
    const message = await this.next();
    if (message.type === 'plan') return message.plan;
    throw this.failureOf(message);
  }

  /** The batches, in file order. Call `written` after each, so that the reader goes on. */
  async *batches(): AsyncGenerator<ReadBatch> {
    this.send({ type: 'start' });
    for (;;) {
      const message = await this.next();
      if (message.type === 'end') return;
      if (message.type !== 'batch') throw this.failureOf(message);
      yield message;
    }
  }

  written(): void {
    this.send({ type: 'written' });
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }

  private send(message: ToReader): void {
    this.worker.postMessage(message);
  }

  private deliver(message: FromReader): void {
    if (this.waiting) {
      const waiting = this.waiting;
      this.waiting = null;
      waiting(message);
    } else this.queue.push(message);
  }

  private next(): Promise<FromReader> {
    const queued = this.queue.shift();
    return queued ? Promise.resolve(queued) : new Promise((resolve) => (this.waiting = resolve));
  }

  private failureOf(message: FromReader): Error {
    if (message.type === 'file-error') return new ImportFileError(message.problem, message.place);
    if (message.type === 'failure') return Object.assign(new Error(message.message), { code: message.code });
    return new Error(`the reading thread sent "${message.type}" out of turn`);
  }
}
