import fs from 'node:fs';
import { TokenParser, Tokenizer, TokenType, type ParsedElementInfo, type ParsedTokenInfo } from '@streamparser/json';
import { ImportFileError, type FilePlace } from '../domain/importing/records.ts';

/** Where a value sits in a JSON document: object keys and array indexes from the root. */
export type JsonPath = ReadonlyArray<string | number>;

/** One selected value and where it was. */
export interface JsonRow {
  readonly path: JsonPath;
  readonly value: unknown;
}

/** "db[0].data.posts[12].published_at": how messages name a place in a JSON file. */
export function describePath(path: JsonPath, field?: string): string {
  const parts = field === undefined ? path : [...path, field];
  return parts.map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`)).join('');
}

export interface JsonScan {
  /** The values to hand over, by path; '*' stands for any key or index (e.g. ['data', 'posts', '*']). */
  readonly select: readonly JsonPath[];
  /** Told of every array or object that opens at one of these paths, even an empty one. */
  readonly watch?: readonly JsonPath[];
  readonly onContainer?: (path: JsonPath) => void;
  /** The bytes read so far, after every chunk. */
  readonly onProgress?: (bytesRead: number) => void;
}

const CHUNK_BYTES = 1 << 20;

/**
 * Reads a JSON file as a stream and yields the selected values one by one, so that a file of
 * hundreds of megabytes never sits in memory: everything outside the selection is parsed and
 * dropped as it goes. The whole file is checked as JSON; a syntax error or a cut-off end throws
 * an ImportFileError naming the line and column.
 */
export async function* scanJsonFile(file: string, scan: JsonScan): AsyncGenerator<JsonRow> {
  const rows: JsonRow[] = [];
  const tokenizer = new Tokenizer();
  const parser = new TokenParser({ paths: scan.select.map(toSelector), keepStack: false });
  const tracker = new PathTracker();
  const watched = new Set((scan.watch ?? []).map((path) => path.join('\u0000')));
  let tokenOffset = 0;

  tokenizer.onToken = (info: ParsedTokenInfo) => {
    tokenOffset = info.offset;
    if (watched.size > 0 && (info.token === TokenType.LEFT_BRACE || info.token === TokenType.LEFT_BRACKET)) {
      const path = tracker.path();
      if (watched.has(path.join('\u0000'))) scan.onContainer?.(path);
    }
    parser.write(info);
    tracker.onToken(info);
  };
  parser.onValue = (info: ParsedElementInfo) => {
    const keys = [...info.stack.slice(1).map((frame) => frame.key), info.key] as Array<string | number>;
    rows.push({ path: keys, value: info.value });
  };
  tokenizer.onEnd = () => {
    if (!parser.isEnded) parser.end();
  };

  let bytesRead = 0;
  try {
    for await (const chunk of fs.createReadStream(file, { highWaterMark: CHUNK_BYTES }) as AsyncIterable<Buffer>) {
      tokenizer.write(chunk);
      bytesRead += chunk.length;
      scan.onProgress?.(bytesRead);
      yield* rows.splice(0);
    }
    if (bytesRead === 0) throw new ImportFileError('the file is empty', null);
    tokenizer.end();
  } catch (error) {
    if (error instanceof ImportFileError || (error as NodeJS.ErrnoException).code !== undefined) throw error;
    throw await describeSyntaxError(file, error as Error, { tokenOffset, bytesRead });
  }
  yield* rows.splice(0);
}

function toSelector(path: JsonPath): string {
  return ['$', ...path.map(String)].join('.');
}

/** Turns the parser's message into one a person can act on, with the place in the file. */
async function describeSyntaxError(file: string, error: Error, at: { tokenOffset: number; bytesRead: number }): Promise<ImportFileError> {
  if (/ended in (the middle of a token|mid-parsing)/.test(error.message)) {
    return new ImportFileError(
      'the file ends in the middle of its JSON: it looks cut short; export it again',
      await placeOfByte(file, Math.max(0, at.bytesRead - 1)),
    );
  }
  const unexpected = /Unexpected "(.*)" at chunk position "\d+" \(absolute position "(\d+)"\)/s.exec(error.message);
  if (unexpected) {
    return new ImportFileError(`this is not valid JSON: unexpected "${unexpected[1]}"`, await placeOfByte(file, Number(unexpected[2])));
  }
  const token = /Unexpected (\w+) \((.*)\) in state/s.exec(error.message);
  const what = token ? (token[1] === 'STRING' ? `text ${token[2]}` : token[2]) : 'content';
  return new ImportFileError(`this is not valid JSON: unexpected ${what}`, await placeOfByte(file, at.tokenOffset));
}

/** The line and column (both from 1, the column counted in characters) of a byte offset. */
export async function placeOfByte(file: string, offset: number): Promise<FilePlace> {
  let line = 1;
  let column = 1;
  let position = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: CHUNK_BYTES, end: offset }) as AsyncIterable<Buffer>) {
    for (const byte of chunk) {
      if (position++ >= offset) break;
      if (byte === 0x0a) {
        line++;
        column = 1;
      } else if ((byte & 0xc0) !== 0x80) {
        // A UTF-8 continuation byte belongs to the character before it.
        column++;
      }
    }
  }
  return { line, column };
}

/** Follows the tokens to know, at any moment, the path of the container being read. */
class PathTracker {
  private readonly frames: Array<{ array: boolean; key: string | number; expectKey: boolean }> = [];

  onToken({ token, value }: ParsedTokenInfo): void {
    const top = this.frames.at(-1);
    if (token === TokenType.LEFT_BRACE) this.frames.push({ array: false, key: '', expectKey: true });
    else if (token === TokenType.LEFT_BRACKET) this.frames.push({ array: true, key: 0, expectKey: false });
    else if (token === TokenType.RIGHT_BRACE || token === TokenType.RIGHT_BRACKET) this.frames.pop();
    else if (!top) return;
    else if (token === TokenType.COMMA) {
      if (top.array) top.key = (top.key as number) + 1;
      else top.expectKey = true;
    } else if (token === TokenType.STRING && !top.array && top.expectKey) {
      top.key = value as string;
      top.expectKey = false;
    }
  }

  /** The keys leading to the value that comes next. */
  path(): JsonPath {
    return this.frames.map((frame) => frame.key);
  }
}
