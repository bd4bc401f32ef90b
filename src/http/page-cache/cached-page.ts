import { hash } from 'node:crypto';
import type { OutgoingHttpHeader, OutgoingHttpHeaders } from 'node:http';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

/** The forms a page is stored in, best first: what `Accept-Encoding` chooses among. */
export type Encoding = 'br' | 'gzip' | 'identity';

/** One form of a page: its bytes and every header that goes with them, ready to write. */
export interface PageForm {
  readonly body: Buffer;
  readonly headers: OutgoingHttpHeaders;
  /**
   * The same headers as one flat list of names and values, the form of them `writeHead` reads
   * fastest: no own-property check and no look-up by name for each (about 3 % of a hit's instructions).
   */
  readonly headerList: readonly OutgoingHttpHeader[];
}

/** A public page as the cache holds it: rendered once, compressed once, answered many times. */
export interface CachedPage {
  readonly etag: string;
  /** What `Last-Modified` says, in whole seconds: the route's own date (a feed's newest item) or the render's. */
  readonly lastModifiedMs: number;
  /**
   * When the render began, in whole seconds: nothing the page shows has changed since (a change
   * would have purged it). `If-Modified-Since` is compared with this, never with a route's own
   * date, which cannot see a settings change or a comment taken down.
   */
  readonly unchangedSinceMs: number;
  /** The surrogate keys of everything the page shows. */
  readonly keys: ReadonlySet<string>;
  /** Epoch ms after which the page must be rendered again even if nothing purged it. */
  readonly expiresAt: number;
  /** The bytes of all three forms: what the cache's budget counts. */
  readonly size: number;
  readonly forms: Readonly<Record<Encoding, PageForm>>;
  /** The headers of a `304 Not Modified`: the validators and the caching rules, no body's (a flat list, as `headerList`). */
  readonly notModified: readonly OutgoingHttpHeader[];
}

/** The headers Cache-Control and the CDN read, as the cache's settings and the page's keys make them. */
export interface CachingRules {
  readonly maxAge: number;
  readonly sMaxAge: number;
  readonly staleWhileRevalidate: number;
}

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);
/** Quality 5 keeps most of brotli's gain over gzip at a fraction of the maximum's time. */
const BROTLI_OPTIONS = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } };

/**
 * Headers the cache sets itself, or that belong to one response rather than the page: they are
 * dropped from what the route sent before the page is stored.
 */
const OWN_HEADERS = new Set([
  'cache-control',
  'connection',
  'content-encoding',
  'content-length',
  'date',
  'etag',
  'keep-alive',
  'last-modified',
  'set-cookie',
  'surrogate-key',
  'cache-tag',
  'transfer-encoding',
  'vary',
  'x-cache',
]);

/** A time as HTTP dates carry it: whole seconds. */
export function wholeSeconds(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

/** Where pages are encoded: room for any text of up to 128 K UTF-16 units (one per process). */
const scratch = Buffer.allocUnsafeSlow(3 * 128 * 1024);

/**
 * The UTF-8 bytes of a rendered page. `Buffer.from` measures the text's UTF-8 length in one pass
 * and encodes it in another; encoding into a buffer large enough for any text of that length (3
 * bytes a UTF-16 unit) and copying the bytes out is one pass and a copy, about twice as fast on an
 * article page. A longer text (a sitemap) is encoded the usual way rather than kept room for.
 */
export function pageBytes(html: string): Buffer {
  if (html.length * 3 > scratch.length) return Buffer.from(html);
  const length = scratch.write(html, 'utf8');
  return Buffer.from(scratch.subarray(0, length));
}

/** The strong validator of a page: a hash of its bytes, the same on every instance that renders them. */
export function etagOf(body: Buffer): string {
  return `"${hash('sha256', body, 'base64url').slice(0, 32)}"`;
}

/**
 * The public caching headers of a page with these validators and keys: shared by the pages the
 * cache stores and those it is told not to (the cache off, a change raced the render).
 */
export function publicHeaders(
  rules: CachingRules,
  page: { etag: string; lastModifiedMs: number; keys: ReadonlySet<string> },
): OutgoingHttpHeaders {
  const keys = [...page.keys];
  return {
    'cache-control': `public, max-age=${rules.maxAge}, s-maxage=${rules.sMaxAge}, stale-while-revalidate=${rules.staleWhileRevalidate}`,
    etag: page.etag,
    'last-modified': new Date(page.lastModifiedMs).toUTCString(),
    'surrogate-key': keys.join(' '),
    'cache-tag': keys.join(','),
    vary: 'Accept-Encoding',
  };
}

/** The route's own headers (content type, helmet's security headers, X-Robots-Tag), without the per-response ones. */
export function pageHeaders(sent: Readonly<Record<string, string | number | readonly string[] | undefined>>): OutgoingHttpHeaders {
  const kept: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(sent)) {
    if (value !== undefined && !OWN_HEADERS.has(name.toLowerCase()))
      kept[name.toLowerCase()] = typeof value === 'object' ? [...value] : value;
  }
  return kept;
}

/**
 * Makes the stored page: compresses the bytes with brotli and gzip on zlib's thread pool (the event
 * loop goes on answering meanwhile) and writes each form's headers once, so a hit only copies them.
 */
export async function buildCachedPage(input: {
  body: Buffer;
  /** The route's headers, as `pageHeaders` keeps them. */
  headers: OutgoingHttpHeaders;
  keys: ReadonlySet<string>;
  rules: CachingRules;
  /** When the render began (epoch ms). */
  renderedAt: number;
  /** The route's own Last-Modified (epoch ms), if it set one. */
  lastModified: number | null;
  expiresAt: number;
}): Promise<CachedPage> {
  const { body, keys } = input;
  const [br, gz] = await Promise.all([brotli(body, BROTLI_OPTIONS), gzip(body)]);
  const etag = etagOf(body);
  const unchangedSinceMs = wholeSeconds(input.renderedAt);
  const lastModifiedMs = wholeSeconds(input.lastModified ?? input.renderedAt);
  const shared = { ...input.headers, ...publicHeaders(input.rules, { etag, lastModifiedMs, keys }), 'x-cache': 'HIT' };
  const form = (bytes: Buffer, encoding: Encoding): PageForm => {
    const headers = {
      ...shared,
      ...(encoding === 'identity' ? {} : { 'content-encoding': encoding }),
      'content-length': String(bytes.length),
    };
    return { body: bytes, headers, headerList: headerListOf(headers) };
  };
  const notModified: OutgoingHttpHeaders = { ...shared };
  delete notModified['content-type'];
  return {
    etag,
    lastModifiedMs,
    unchangedSinceMs,
    keys,
    expiresAt: input.expiresAt,
    size: body.length + br.length + gz.length,
    forms: { br: form(br, 'br'), gzip: form(gz, 'gzip'), identity: form(body, 'identity') },
    notModified: headerListOf(notModified),
  };
}

function headerListOf(headers: OutgoingHttpHeaders): OutgoingHttpHeader[] {
  return Object.entries(headers).flatMap(([name, value]) => (value === undefined ? [] : [name, value]));
}
