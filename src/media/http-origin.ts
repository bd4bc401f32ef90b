import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import path from 'node:path';
import type { FetchedPicture, PictureOrigin } from '../domain/importing/media-home.ts';
import { isInternalAddress } from './address-guard.ts';
import { temporaryPicture } from './temporary-picture.ts';

/** Redirects followed from one picture's address; each hop is checked again. */
const MAX_REDIRECTS = 5;
const ALLOW_HINT = 'set MEDIA_FETCH_ALLOW_PRIVATE=true to allow it';

export interface HttpOriginOptions {
  readonly maxBytes: number;
  /** The most one picture may take, redirects included. */
  readonly timeoutMs: number;
  /** Whether loopback, private and link-local addresses may be reached (`MEDIA_FETCH_ALLOW_PRIVATE`). */
  readonly allowPrivate: boolean;
}

/** A download that did not give a picture; its message is the report's reason. */
class NotFetched extends Error {}

/**
 * Imported pictures downloaded from their original addresses (`--fetch-media`): http and https
 * only; the host's addresses are checked when it is resolved, and the connection is made to the
 * address checked (the lookup itself refuses), so a name cannot resolve to a public address for
 * the check and a private one for the connection. The body streams to a temporary file, cut off at
 * the size limit and the time limit.
 */
export function httpPictureOrigin(options: HttpOriginOptions): PictureOrigin {
  const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
    dns.lookup(hostname, { all: true, family: lookupOptions.family ?? 0 }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const allowed = options.allowPrivate ? addresses : addresses.filter((entry) => !isInternalAddress(entry.address));
      if (allowed.length === 0) {
        const refused = new NotFetched(
          `refused: ${hostname} is at ${addresses[0]?.address ?? 'no address'}, a private or loopback address (${ALLOW_HINT})`,
        );
        return callback(refused, '', 0);
      }
      if (lookupOptions.all) return callback(null, allowed);
      return callback(null, allowed[0]!.address, allowed[0]!.family);
    });
  };
  const agents = { http: new http.Agent({ lookup }), https: new https.Agent({ lookup }) };

  return {
    async fetch(url) {
      const deadline = AbortSignal.timeout(options.timeoutMs);
      try {
        return await download(new URL(url), 0, deadline);
      } catch (error) {
        if (deadline.aborted) return { found: false, reason: `no answer within ${options.timeoutMs / 1000} s` };
        if (error instanceof NotFetched) return { found: false, reason: error.message };
        if (error instanceof TypeError) return { found: false, reason: `not an address: ${url}` };
        const code = (error as NodeJS.ErrnoException).code;
        return { found: false, reason: `the download failed: ${code ?? (error as Error).message}` };
      }
    },
  };

  async function download(url: URL, hops: number, signal: AbortSignal): Promise<FetchedPicture> {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new NotFetched(`not an http or https address: ${url.href}`);
    // A literal address is connected to without a lookup: it is checked here instead.
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host) !== 0 && !options.allowPrivate && isInternalAddress(host))
      throw new NotFetched(`refused: ${host} is a private or loopback address (${ALLOW_HINT})`);
    const client = url.protocol === 'https:' ? https : http;
    const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const request = client.get(
        url,
        { agent: url.protocol === 'https:' ? agents.https : agents.http, signal, headers: { 'user-agent': 'Broadsheet media import' } },
        resolve,
      );
      request.on('error', reject);
    });
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400 && response.headers.location) {
      response.resume();
      if (hops >= MAX_REDIRECTS) throw new NotFetched(`more than ${MAX_REDIRECTS} redirects`);
      return download(new URL(response.headers.location, url), hops + 1, signal);
    }
    if (status !== 200) {
      response.resume();
      throw new NotFetched(`the old site answered ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''}`);
    }
    const length = Number(response.headers['content-length']);
    if (Number.isFinite(length) && length > options.maxBytes) {
      response.destroy();
      throw new NotFetched(
        `${(length / 1_000_000).toFixed(1)} MB, more than the ${options.maxBytes / 1_000_000} MB accepted (MEDIA_MAX_MB)`,
      );
    }
    const name = path.posix.basename(decodeURIComponentSafe(url.pathname)) || 'picture';
    return temporaryPicture(response, { name, maxBytes: options.maxBytes });
  }
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
