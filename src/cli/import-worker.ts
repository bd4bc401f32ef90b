import { parentPort, workerData } from 'node:worker_threads';
import { ImportFileError, type ImportReader, type ImportRecord } from '../domain/importing/records.ts';
import type { FromReader, ToReader } from './import-messages.ts';
import { withFingerprints } from '../domain/importing/fingerprint.ts';

/**
 * The reading half of an import, in a thread of its own: it checks the file, then parses and
 * prepares records (wpautop, sanitizing) while the main thread writes the previous batch. It
 * stays at most a couple of batches ahead, so memory holds a few batches whatever the file's size.
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
const BATCH = { entries: 500, comments: 5_000, records: 2_000 } as const;
/** Batches read ahead of the writer. */
const AHEAD = 2;

const port = parentPort!;
const { format, file } = workerData as { format: string; file: string };
const post = (message: FromReader) => port.postMessage(message);

let credits = AHEAD;
let wake: (() => void) | null = null;
port.on('message', (message: ToReader) => {
  if (message.type === 'written') credits++;
  wake?.();
  wake = null;
});
const untilCredit = async () => {
  while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
  credits--;
};
const untilStarted = new Promise<void>((resolve) => port.once('message', () => resolve()));

try {
  const reader = (await READERS[format]!())(file);
  post({ type: 'plan', plan: await reader.check() });
  await untilStarted;
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
