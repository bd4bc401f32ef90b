import type { FilePlace, ImportPlan, ImportRecord } from '../domain/importing/records.ts';
import type { MessagePort } from 'node:worker_threads';
import type { Config } from '../config.ts';

/** What the reading thread says: the plan (to the main thread), then batches (to the writing thread). */
export type FromReader =
  | { readonly type: 'plan'; readonly plan: ImportPlan }
  | { readonly type: 'batch'; readonly records: ImportRecord[]; readonly entries: number; readonly bytesRead: number }
  | { readonly type: 'end' }
  | { readonly type: 'file-error'; readonly problem: string; readonly place: FilePlace | null }
  | ThreadFailure;

/** `start` (from the main thread) after the check; `written` (from the writer) after each batch. */
export type ToReader = { readonly type: 'start' } | { readonly type: 'written' };

/** `start` once the file is checked; `stop` asks for the end after the batch being written (Ctrl-C). */
export type ToWriter = { readonly type: 'start'; readonly plan: ImportPlan } | { readonly type: 'stop' };

export type ImportOutcome = 'complete' | 'interrupted' | 'failed';

/** What the writing thread tells the main one, which draws the progress and prints. */
export type FromWriter =
  | { readonly type: 'committed'; readonly entries: number; readonly bytesRead: number }
  | { readonly type: 'phase'; readonly text: string }
  | { readonly type: 'pictures'; readonly done: number; readonly total: number }
  | { readonly type: 'failed'; readonly lines: string[] }
  | { readonly type: 'finished'; readonly outcome: ImportOutcome; readonly summary: string[] }
  | ThreadFailure;

/** A thread that died of an unexpected error, or that exited early. */
export type ThreadFailure = { readonly type: 'failure'; readonly message: string; readonly code?: string | undefined };

export interface ReaderData {
  readonly format: string;
  readonly file: string;
  /** Where batches go: the writing thread's end of a MessageChannel. */
  readonly writerPort: MessagePort;
}

export interface WriterData {
  readonly config: Config;
  readonly file: string;
  readonly reportFile: string | null;
  readonly readerPort: MessagePort;
  /** Where to bring the import's pictures home from once its entries are written; null to leave them on the old site. */
  readonly pictures: PictureSources | null;
}

/** `--media-from DIR` (a copy of the old uploads folder, named by `uploadsFolder`) and `--fetch-media`. */
export interface PictureSources {
  readonly folder: { readonly dir: string; readonly uploadsFolder: string } | null;
  readonly fetch: boolean;
}
