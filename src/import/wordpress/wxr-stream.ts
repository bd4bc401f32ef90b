import { createReadStream } from 'node:fs';
import { WxrScanner } from './wxr-scanner.ts';
import type { WxrEntity } from './wxr.ts';

const CHUNK_BYTES = 1 << 20;

/**
 * Streams a WXR file as its channel header, authors, terms and items, one at a time: memory holds
 * one chunk of the file and the item being read, whatever the file's size. Throws ImportFileError
 * for a file that is not XML, not WXR, malformed or cut short. `onProgress` gets the bytes read.
 */
export async function* scanWxr(file: string, onProgress?: (bytesRead: number) => void): AsyncGenerator<WxrEntity> {
  const scanner = new WxrScanner();
  // TextDecoder is several times faster than StringDecoder on text that is not ASCII.
  const decoder = new TextDecoder('utf-8');
  let bytesRead = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>) {
    bytesRead += chunk.length;
    scanner.write(decoder.decode(chunk, { stream: true }));
    yield* scanner.take();
    onProgress?.(bytesRead);
  }
  scanner.write(decoder.decode());
  scanner.end();
  yield* scanner.take();
}
