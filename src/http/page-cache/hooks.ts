import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { cacheKey } from '../../domain/site/cache-keys.ts';
import { nextMidnight } from '../../domain/shared/zoned-time.ts';
import { cacheAddressOf } from './address.ts';
import { encodingFor, isNotModified } from './answer.ts';
import { buildCachedPage, etagOf, pageBytes, pageHeaders, publicHeaders, wholeSeconds } from './cached-page.ts';
import { listsArticles } from './page-keys.ts';
import type { PageCache } from './page-cache.ts';

declare module 'fastify' {
  interface FastifyReply {
    /**
     * Declares the page public and cacheable, showing what `keys` name (page-keys.ts makes them
     * from the domain results; `site` is added). `until` ends its life early (an article's
     * comments closing); `maxAgeMs` bounds it (search results). Called again, it adds to the
     * declaration. Only a 200 answer to a GET without
     * Set-Cookie is then stored; anything else is sent `private, no-store`.
     */
    cacheable(keys: Iterable<string>, options?: { until?: Date | null; maxAgeMs?: number }): FastifyReply;
  }
}

interface Declared {
  readonly keys: ReadonlySet<string>;
  readonly until: Date | null;
  readonly maxAgeMs: number | null;
}

const PRIVATE = 'private, no-store';

/**
 * Puts the page cache in front of the app. MUST be called before any other hook or plugin is
 * registered: its onRequest hook is then the first, and a stored page is answered before helmet,
 * the cookie parser or the router run (exactly as the node:http handler answers it), and its
 * onSend hook runs before @fastify/compress, which leaves the forms it sends alone.
 */
export function installPageCache(app: FastifyInstance, cache: PageCache): void {
  const declared = new WeakMap<FastifyReply, Declared>();
  const began = new WeakMap<FastifyRequest, { generation: number; at: number }>();

  // A page may be declared piece by piece: the keys add up, and the earliest end wins.
  app.decorateReply('cacheable', function (this: FastifyReply, keys: Iterable<string>, options = {}) {
    const before = declared.get(this);
    declared.set(this, {
      keys: new Set([...(before?.keys ?? [cacheKey.site]), ...keys]),
      until: earliest(before?.until ?? null, options.until ?? null),
      maxAgeMs: earliest(before?.maxAgeMs ?? null, options.maxAgeMs ?? null),
    });
    return this;
  });

  // A story breaks: the first reader's miss renders the page, and the readers who ask for it before
  // it is stored wait for that one render rather than each making (and compressing) their own.
  const rendering = new Map<string, Promise<void>>();
  /** Lets the readers waiting on a request's render go: once its page is stored, or not to be. */
  const releaseOf = new WeakMap<FastifyRequest, () => void>();
  const release = (request: FastifyRequest) => {
    releaseOf.get(request)?.();
    releaseOf.delete(request);
  };

  app.addHook('onRequest', async (request, reply) => {
    if (cache.answer(request.raw, reply.raw)) {
      reply.hijack();
      return;
    }
    const address = cache.enabled ? cacheAddressOf(request.method, request.url, request.headers.cookie) : null;
    if (address !== null) {
      const first = rendering.get(address);
      if (first) {
        await first;
        if (cache.answer(request.raw, reply.raw)) {
          reply.hijack();
          return;
        }
      } else {
        let rendered = () => {};
        const done = new Promise<void>((resolve) => (rendered = resolve));
        rendering.set(address, done);
        releaseOf.set(request, () => {
          if (rendering.get(address) === done) rendering.delete(address);
          rendered();
        });
        // onSend lets them go as soon as the page is stored, before a slow reader has taken its bytes;
        // 'close' covers an answer that never reaches onSend (the connection gone, a hijacked reply).
        reply.raw.once('close', () => release(request));
      }
    }
    began.set(request, { generation: cache.freshness.begin(), at: cache.clock.now().getTime() });
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const page = declared.get(reply);
    const address = cacheAddressOf(request.method, request.url, request.headers.cookie);
    const start = began.get(request);
    const storable =
      page !== undefined &&
      address !== null &&
      start !== undefined &&
      reply.statusCode === 200 &&
      !reply.hasHeader('set-cookie') &&
      (typeof payload === 'string' || Buffer.isBuffer(payload));
    if (request.url.startsWith('/admin')) {
      // The newsroom: every answer is one person's.
      void reply.header('cache-control', PRIVATE);
      return payload;
    }
    if (!storable) {
      release(request);
      // A page with a reader's own state, a failure, a newsroom answer: no cache may keep it.
      // Static files and the comment token say for themselves how long they keep.
      if (page !== undefined || !reply.hasHeader('cache-control') || reply.hasHeader('set-cookie')) reply.header('cache-control', PRIVATE);
      return payload;
    }
    const body = Buffer.isBuffer(payload) ? payload : pageBytes(payload);
    const lastModified = lastModifiedOf(reply);
    if (!cache.enabled) {
      // Validators and caching headers still go out, for browsers and a CDN; compression is @fastify/compress's.
      const etag = etagOf(body);
      const unchangedSinceMs = wholeSeconds(start.at);
      void reply.headers(publicHeaders(cache.settings, { etag, lastModifiedMs: wholeSeconds(lastModified ?? start.at), keys: page.keys }));
      // As below: a CDN must not keep a copy that a change overtook.
      if (!cache.freshness.unchangedSince(start.generation, page.keys)) void reply.header('cache-control', PRIVATE);
      return answerConditional(request, reply, { etag, unchangedSinceMs }, body);
    }
    const expiresAt = await expiryOf(request, cache, page);
    const stored = await buildCachedPage({
      body,
      headers: pageHeaders(reply.getHeaders()),
      keys: page.keys,
      rules: cache.settings,
      renderedAt: start.at,
      lastModified,
      expiresAt,
    });
    const kept = cache.store(address, stored, start.generation);
    cache.counts.misses += 1;
    release(request);
    const form = stored.forms[encodingFor(request.headers['accept-encoding'])];
    void reply.headers({ ...form.headers, 'x-cache': 'MISS' });
    // A change raced the render: this copy may show what it replaced, so no cache downstream may keep it either.
    if (!kept) void reply.header('cache-control', PRIVATE);
    return answerConditional(request, reply, stored, form.body);
  });
}

function earliest<T extends Date | number>(a: T | null, b: T | null): T | null {
  if (a === null) return b;
  if (b === null) return a;
  return a <= b ? a : b;
}

/** A 304 with no body when the client's copy is this page; the body otherwise. */
function answerConditional(
  request: FastifyRequest,
  reply: FastifyReply,
  page: { etag: string; unchangedSinceMs: number },
  body: Buffer,
): Buffer | null {
  if (!isNotModified(page, request.headers)) return body;
  void reply.code(304);
  reply.removeHeader('content-length');
  reply.removeHeader('content-encoding');
  reply.removeHeader('content-type');
  return null;
}

/** A route's own Last-Modified (a feed's newest item), when it set one. */
function lastModifiedOf(reply: FastifyReply): number | null {
  const header = reply.getHeader('last-modified');
  const time = typeof header === 'string' ? Date.parse(header) : NaN;
  return Number.isFinite(time) ? time : null;
}

/**
 * When a stored page stops being true without any change in the database: at midnight where the
 * site is (the masthead shows today's date), when the next scheduled article becomes public (for a
 * page that lists articles), or at the route's own time (comments closing; search's short life).
 */
async function expiryOf(request: FastifyRequest, cache: PageCache, page: Declared): Promise<number> {
  const now = cache.clock.now();
  const site = await request.siteSettings();
  const times = [nextMidnight(now, site.timeZone).getTime()];
  if (listsArticles(page.keys)) {
    const next = await cache.nextPublication();
    if (next) times.push(next.getTime());
  }
  if (page.until) times.push(page.until.getTime());
  if (page.maxAgeMs !== null) times.push(now.getTime() + page.maxAgeMs);
  return Math.min(...times);
}
