import { parentPort, workerData } from 'node:worker_threads';
import { ImportFileError, type ImportReader, type ImportRecord } from '../domain/importing/records.ts';
import type { FromReader, ReaderData, ToReader } from './import-messages.ts';
import { withFingerprints } from '../domain/importing/fingerprint.ts';

/**
 * The reading thread of an import: it checks the file and tells the main thread its plan, then
 * parses and prepares records (wpautop, sanitizing) and hands them, batch by batch, to the writing
 * thread. It stays at most a couple of batches ahead of the writer, so memory holds a few batches
 * whatever the file's size.
 */

/** Each format's reader, loaded only when asked for. */
const READERS: Record<string, () => Promise<(file: string) => ImportReader>> = {
  wordpress: async () => (await import('../import/wordpress/reader.ts')).wordpressReader,
  ghost: async () => (await import('../import/ghost/reader.ts')).ghostReader,
  broadsheet: async () => (await import('../import/broadsheet/reader.ts')).broadsheetReader,
};

/**
 * A batch is one transaction. Five hundred posts keep each commit short (the site stays readable
 * and writable meanwhile) while a 100,000-post import needs only two hundred commits.
 */
const BATCH = { entries: 200, comments: 2_000, records: 800 } as const;
/** Batches read ahead of the writer. */
const AHEAD = 2;

const main = parentPort!;
const { format, file, writerPort } = workerData as ReaderData;
/** Until the check is done, everything goes to the main thread; after it, to the writer. */
let sink: { postMessage(message: FromReader): void } = main;
const post = (message: FromReader) => sink.postMessage(message);

let credits = AHEAD;
let wake: (() => void) | null = null;
writerPort.on('message', (message: ToReader) => {
  if (message.type === 'written') credits++;
  wake?.();
  wake = null;
});
const untilCredit = async () => {
  while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
  credits--;
};
const untilStarted = new Promise<void>((resolve) => main.once('message', () => resolve()));

try {
  const reader = (await READERS[format]!())(file);
  post({ type: 'plan', plan: await reader.check() });
  await untilStarted;
  sink = writerPort;
  let batch: ImportRecord[] = [];
  let entries = 0;
  let comments = 0;
  let bytesRead = 0;
  for await (const record of reader.read((bytes) => (bytesRead = bytes))) {
    batch.push(record);
    if (record.kind === 'article' || record.kind === 'page') entries++;
    if (record.kind === 'article') comments += record.comments.length;
    if (batch.length >= BATCH.records || entries >= BATCH.entries || comments >= BATCH.comments) {
      await untilCredit();
      post({ type: 'batch', records: batch.map(withFingerprints), entries, bytesRead });
      batch = [];
      entries = comments = 0;
    }
  }
  if (batch.length > 0) {
    await untilCredit();
    post({ type: 'batch', records: batch.map(withFingerprints), entries, bytesRead });
  }
  post({ type: 'end' });
} catch (error) {
  post(
    error instanceof ImportFileError
      ? { type: 'file-error', problem: error.problem, place: error.place }
      : {
          type: 'failure',
          message: error instanceof Error ? (error.stack ?? error.message) : String(error),
          code: (error as NodeJS.ErrnoException).code,
        },
  );
}
