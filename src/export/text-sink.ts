import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** Where a serialiser writes its text, a piece at a time. */
export interface TextSink {
  write(text: string): Promise<void>;
}

/**
 * Collects small pieces of text into writes of about 64 KB and waits whenever the stream is full,
 * so that a slow disk or pipe holds the export back instead of filling memory.
 */
export class StreamSink implements TextSink {
  private pieces: string[] = [];
  private size = 0;

  constructor(
    private readonly stream: Writable,
    private readonly flushAt = 64 * 1024,
  ) {}

  async write(text: string): Promise<void> {
    this.pieces.push(text);
    this.size += text.length;
    if (this.size >= this.flushAt) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.size === 0) return;
    const chunk = this.pieces.join('');
    this.pieces = [];
    this.size = 0;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  /** Writes what is left and closes the stream (a file), resolving once it is on disk. */
  async close(): Promise<void> {
    await this.flush();
    const finished = once(this.stream, 'finish');
    this.stream.end();
    await finished;
  }
}
