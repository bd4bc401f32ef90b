import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FetchedPicture } from '../domain/importing/media-home.ts';

/** Enough of a file's start to recognise any accepted type (as the upload form keeps). */
const HEAD_BYTES = 256;

/**
 * Writes a picture's bytes to a temporary file as they come, counting them and keeping the first
 * ones to recognise its type, never the whole in memory. Past `maxBytes` it stops and marks the
 * file truncated, so the acceptance rules refuse it with the upload's own message.
 */
export async function temporaryPicture(
  stream: Readable,
  input: { name: string; maxBytes: number },
): Promise<FetchedPicture & { found: true }> {
  const file = path.join(os.tmpdir(), `broadsheet-import-${randomUUID()}`);
  let bytes = 0;
  let truncated = false;
  const head: Buffer[] = [];
  let headBytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (bytes + chunk.length > input.maxBytes) {
        // No more is written: the rules refuse a truncated file with the upload's own message.
        truncated = true;
        bytes += chunk.length;
        return done(new Error('larger than the limit'));
      }
      bytes += chunk.length;
      if (headBytes < HEAD_BYTES) {
        head.push(chunk.subarray(0, HEAD_BYTES - headBytes));
        headBytes += Math.min(chunk.length, HEAD_BYTES - headBytes);
      }
      done(null, chunk);
    },
  });
  const release = () => fsp.rm(file, { force: true });
  try {
    await pipeline(stream, counter, fs.createWriteStream(file));
  } catch (error) {
    if (!truncated) {
      await release();
      throw error;
    }
  }
  return { found: true, file: { path: file, originalName: input.name, bytes, truncated, head: Buffer.concat(head) }, release };
}
