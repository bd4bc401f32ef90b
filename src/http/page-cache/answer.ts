import type { IncomingHttpHeaders, OutgoingHttpHeader, ServerResponse } from 'node:http';
import type { CachedPage, Encoding } from './cached-page.ts';

/**
 * The best form the client accepts: brotli, then gzip, then the plain bytes (which every client
 * takes). `q=0` refuses an encoding; `*` stands for any not named.
 */
export function encodingFor(acceptEncoding: string | undefined): Encoding {
  if (!acceptEncoding) return 'identity';
  let br: number | undefined;
  let gzip: number | undefined;
  let any = 0;
  for (const part of acceptEncoding.split(',')) {
    const [rawName = '', ...params] = part.split(';');
    const name = rawName.trim().toLowerCase();
    if (name === 'br') br = qualityOf(params);
    else if (name === 'gzip' || name === 'x-gzip') gzip = qualityOf(params);
    else if (name === '*') any = qualityOf(params);
  }
  const brotli = br ?? any;
  const gzipped = gzip ?? any;
  if (brotli > 0 && brotli >= gzipped) return 'br';
  if (gzipped > 0) return 'gzip';
  return 'identity';
}

function qualityOf(params: readonly string[]): number {
  for (const param of params) {
    const [name, value] = param.split('=');
    if (name?.trim().toLowerCase() === 'q') {
      const q = Number(value);
      return Number.isFinite(q) ? q : 0;
    }
  }
  return 1;
}

/** Whether the client's copy is this page: its ETag (a strong match; `*`), or else nothing changed since its date. */
export function isNotModified(page: Pick<CachedPage, 'etag' | 'unchangedSinceMs'>, headers: IncomingHttpHeaders): boolean {
  const ifNoneMatch = headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    return ifNoneMatch.split(',').some((candidate) => {
      const tag = candidate.trim().replace(/^W\//, '');
      return tag === '*' || tag === page.etag;
    });
  }
  const ifModifiedSince = headers['if-modified-since'];
  if (ifModifiedSince === undefined) return false;
  const since = Date.parse(ifModifiedSince);
  return Number.isFinite(since) && since >= page.unchangedSinceMs;
}

/**
 * Writes a stored page to the socket: a 304 when the client has it, else the form its
 * Accept-Encoding prefers, headers and bytes as they were made when the page was stored.
 */
export function writeCachedPage(page: CachedPage, method: string | undefined, headers: IncomingHttpHeaders, res: ServerResponse): void {
  if (isNotModified(page, headers)) {
    res.writeHead(304, page.notModified as OutgoingHttpHeader[]);
    res.end();
    return;
  }
  const form = page.forms[encodingFor(headers['accept-encoding'])];
  res.writeHead(200, form.headerList as OutgoingHttpHeader[]);
  if (method === 'HEAD') res.end();
  else res.end(form.body);
}
