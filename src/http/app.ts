import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { parse as parseQuery } from 'node:querystring';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import compress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import type { Config } from '../config.ts';
import type { Mailer } from '../domain/people/mailer.ts';
import type { Deps } from '../domain/store.ts';
import { cacheKey, type ChangeFeed } from '../domain/site/cache-keys.ts';
import { createReadCache, NO_READ_CACHE, type ReadCache } from '../domain/site/read-cache.ts';
import { nextScheduledPublication } from '../domain/articles/schedule.ts';
import { consoleMailer } from '../mail/console.ts';
import { browseArticles } from '../domain/articles/articles.ts';
import { listSections } from '../domain/tags/tags.ts';
import { listFooterPages } from '../domain/pages/pages.ts';
import { EMBED_HOSTS } from '../domain/shared/html-sanitize.ts';
import { defaultSiteSettings, readSiteSettings, type SiteSettings } from '../domain/site/site-settings.ts';
import type { PageContext } from '../views/context.ts';
import { ErrorPage, NotFoundPage } from '../views/listing.tsx';
import { AdminErrorPage } from '../views/admin/error.tsx';
import { answerFor } from './errors.ts';
import { logSerializers } from './log.ts';
import { siteRoutes } from './site/routes.ts';
import { redirectLegacyAddress } from './site/legacy.ts';
import { adminRoutes } from './admin/plugin.ts';
import type { Assets } from './assets.ts';
import { signInRedirect } from './admin/sign-in-redirect.ts';
import { CSRF_COOKIE } from './admin/session.ts';
import { createPageCache, type PageCache } from './page-cache/page-cache.ts';
import { installPageCache } from './page-cache/hooks.ts';
import { lazyValidators } from './lazy-validation.ts';
import { fairAdmission } from './admission.ts';
import { securityHeaders } from './security-headers.ts';
import type { MediaServices } from '../domain/media/storage.ts';
import { mediaServices } from '../media/services.ts';
import { mediaFileRoutes } from './media-files.ts';
import { installMetrics, type PoolUsage } from './operations/metrics.ts';
import type { ReadinessCheck } from './operations/readiness.ts';
import { operationsRoutes } from './operations/routes.ts';
import { REQUEST_ID_HEADER, requestIdOf } from './request-id.ts';

const PUBLIC_DIR = fileURLToPath(new URL('../../public/', import.meta.url));

export interface AppOptions {
  readonly deps: Deps;
  readonly config: Config;
  /** 'error' logs failures only, 'info' every request too; tests run silent. */
  readonly logLevel?: 'silent' | 'error' | 'info';
  /** Where log lines go (JSON, one a line); standard output by default. Tests read them here. */
  readonly logStream?: { write(line: string): void };
  /**
   * A mail transport for the newsroom's mail. Without one, mail is printed on the terminal in
   * development, and in production (config.production) reset links are not mailed at all.
   */
  readonly mailer?: Mailer;
  /** Shorter timeouts for a test of them; the defaults are SERVER_TIMEOUTS. */
  readonly timeouts?: ServerTimeouts;
  /**
   * The database's change log, which purges the page cache of what any process changed. Without
   * one the page cache stores nothing (pages still carry their caching headers); see docs/caching.md.
   */
  readonly changes?: ChangeFeed | null;
  /** The media library's storage, image library and limits; those the configuration names unless given. */
  readonly media?: MediaServices;
  /**
   * What `/readyz` checks before it says the process may take traffic (the database's, from
   * db/sqlite/readiness.ts through the runtime; a Redis client would add its own). None: always ready.
   */
  readonly readiness?: readonly ReadinessCheck[];
  /**
   * The database pool's use, for the metrics. SQLite has no pool, so nothing is given and no pool
   * gauge is shown; the PostgreSQL adapter is to pass its pool's counts here.
   */
  readonly poolMetrics?: () => PoolUsage;
}

export interface ServerTimeouts {
  /** The whole header block must arrive within this many ms of the connection's first byte. */
  readonly headersMs: number;
  /** The whole request, body included (2 MiB at most, in the newsroom), within this. */
  readonly requestMs: number;
  /** A connection that sends and receives nothing is closed after this. */
  readonly idleMs: number;
  /** A kept-alive connection waits this long for its next request. */
  readonly keepAliveMs: number;
  /** How often Node checks connections against the header and request limits. */
  readonly checkEveryMs: number;
}

/**
 * A client that sends its request a byte at a time (slow-loris) holds a connection while it does;
 * these limits cut it off, so a few such clients cannot take every socket the server has. Listed
 * in docs/limits.md.
 */
export const SERVER_TIMEOUTS: ServerTimeouts = {
  headersMs: 10_000,
  requestMs: 30_000,
  idleMs: 30_000,
  keepAliveMs: 10_000,
  checkEveryMs: 1_000,
};

declare module 'fastify' {
  interface FastifyRequest {
    /** The layout's shared data for this request's page. */
    pageContext(): Promise<PageContext>;
    /** The publication's settings, read once per request however many parts of the page ask. */
    siteSettings(): Promise<SiteSettings>;
  }
  interface FastifyReply {
    /** Sends a rendered page as HTML. */
    page(html: JSX.Element, status?: number): Promise<FastifyReply>;
  }
}

/** Builds the whole web application; `listen` is left to the caller so tests can `inject`. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { deps, config, logLevel = 'silent', logStream, mailer, timeouts = SERVER_TIMEOUTS } = options;
  const media = options.media ?? mediaServices(config);
  const reads = options.changes ? createReadCache(() => deps.clock.now().getTime()) : NO_READ_CACHE;
  const pageCache = createPageCache({
    settings: config.cache,
    clock: deps.clock,
    changes: options.changes ? alsoTelling(options.changes, reads) : null,
    readNextPublication: () => nextScheduledPublication(deps),
  });
  const app = Fastify({
    serverFactory: (handler) => serverAnsweringFromCache(pageCache, handler, timeouts),
    schemaController: { compilersFactory: { buildValidator: lazyValidators() } },
    logger: { level: logLevel, serializers: logSerializers, ...(logStream ? { stream: logStream } : {}) },
    trustProxy: trustedProxies(config.trustProxy),
    // The proxy's X-Request-Id when acceptable, else a new one (request-id.ts); logged as reqId.
    requestIdHeader: false,
    genReqId: requestIdOf,
    routerOptions: { ignoreTrailingSlash: true, querystringParser: firstValueOfEach },
    bodyLimit: 64 * 1024,
  });
  const assets = versionedAssets();
  // MUST come first: a stored page is answered before any other hook or plugin runs.
  installPageCache(app, pageCache);
  // Every answer Fastify gives names its request, as every log line about it does. (A stored page
  // answered before Fastify has no id: it writes no log line, and its headers are made once.)
  app.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  const metrics = installMetrics(app, {
    deps,
    pageCache,
    ...(options.poolMetrics ? { poolMetrics: options.poolMetrics } : {}),
  });
  // Next, before any work: a busy turn of the loop must leave time to accept new connections
  // (admission.ts). Stored pages are cheap and are answered before this, in the turn they arrive.
  const admission = fairAdmission();
  app.addHook('onRequest', (_request, _reply, done) => {
    const turn = admission.admit();
    if (turn) void turn.then(() => done());
    else done();
  });
  const security = securityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        // A picture's placeholder colour is its own `style` attribute; no <style> element, and no
        // body markup (the sanitizer drops `style`), can use this.
        styleSrcAttr: ["'unsafe-inline'"],
        // Imported articles keep their images and media where the old site served them, often over plain http.
        imgSrc: ["'self'", 'data:', 'https:', 'http:'],
        mediaSrc: ["'self'", 'https:', 'http:'],
        frameSrc: EMBED_HOSTS.map((host) => `https://${host}`),
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    // The site is served over plain HTTP in development; HSTS is the proxy's job in production.
    strictTransportSecurity: false,
    // Headers for browsers and plug-ins long gone (the XSS auditor, IE 8's downloads, Flash's policy
    // files) and one that only restates HTTPS pages' default: every reader would pay for their bytes,
    // and every answer for Node's check of each header, for nothing (a stored page's answer spent
    // about 7 % of its instructions on these four, under callgrind).
    xXssProtection: false,
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
    xDnsPrefetchControl: false,
  });
  app.addHook('onRequest', (_request, reply, done) => {
    security.apply(reply.raw);
    done();
  });
  // What the page cache does not hold (the newsroom, JSON, pages it may not store) is compressed as it goes.
  await app.register(compress, { encodings: ['br', 'gzip'] });
  // No limit of its own: each route's bodyLimit applies (the newsroom's forms carry whole articles).
  await app.register(formbody);
  // The secret signs the CSRF cookie. It lives in the database so every app instance shares it.
  const cookieSecret = await deps.store.settings.getOrInsert('cookie_secret', randomBytes(32).toString('hex'));
  await app.register(cookie, { secret: cookieSecret });
  await app.register(csrf, {
    cookieKey: CSRF_COOKIE,
    // 'auto': Secure whenever the request came over HTTPS (behind a trusted proxy too).
    cookieOpts: { signed: true, httpOnly: true, sameSite: 'lax', path: '/admin', secure: 'auto' },
  });
  // scripts/build.js writes each asset's .br and .gz beside it, compressed once at the highest level.
  await app.register(fastifyStatic, {
    root: PUBLIC_DIR,
    prefix: '/assets/',
    immutable: true,
    maxAge: '365d',
    index: false,
    preCompressed: precompressedAreFresh(),
  });

  const contextOf = (sections: PageContext['sections'], pages: PageContext['pages'], site: SiteSettings, path: string): PageContext => ({
    site,
    siteUrl: config.siteUrl,
    sections,
    pages,
    assets: { css: assets.url('site.css'), js: assets.url('site.js') },
    path,
    now: deps.clock.now(),
  });
  // The newsroom reads afresh: a form that has just saved the settings shows them at once, before
  // the change log is next read.
  const readsFor = (request: FastifyRequest) => (request.url.startsWith('/admin') ? NO_READ_CACHE : reads);
  const settingsOfRequest = new WeakMap<FastifyRequest, Promise<SiteSettings>>();
  app.decorateRequest('siteSettings', function () {
    let settings = settingsOfRequest.get(this);
    if (!settings) {
      settingsOfRequest.set(
        this,
        (settings = readsFor(this).remember('settings', [cacheKey.site], () => readSiteSettings(deps, config.site))),
      );
    }
    return settings;
  });
  // Read once per request: a handler and the error page may both ask.
  const contextOfRequest = new WeakMap<FastifyRequest, Promise<PageContext>>();
  app.decorateRequest('pageContext', function () {
    let context = contextOfRequest.get(this);
    if (!context) contextOfRequest.set(this, (context = readPageContext(this)));
    return context;
  });
  async function readPageContext(request: FastifyRequest): Promise<PageContext> {
    const cached = readsFor(request);
    const [sections, pages, site] = await Promise.all([
      cached.remember('sections', [cacheKey.site], () => listSections(deps)),
      cached.remember('footer pages', [cacheKey.site], () => listFooterPages(deps)),
      request.siteSettings(),
    ]);
    return contextOf(sections, pages, site, request.url.split('?')[0] ?? '/');
  }
  /** A failure may be the database itself: the page then goes without its section and footer links. */
  const safePageContext = (request: FastifyRequest) =>
    request.pageContext().catch(() => contextOf([], [], defaultSiteSettings(config.site), '/'));
  app.decorateReply('page', async function (this: FastifyReply, html: JSX.Element, status = 200) {
    return this.code(status)
      .type('text/html; charset=utf-8')
      .send(await html);
  });

  /**
   * Nothing here has this address. It may be the old site's (a WordPress permalink, /?p=123, a
   * category): the reader is then sent on to where it leads now, and only requests that found
   * nothing pay for the look-up. Otherwise the 404 page offers the latest stories; if even those
   * cannot be read, it still answers.
   */
  async function notFound(request: FastifyRequest, reply: FastifyReply) {
    const redirected = await redirectLegacyAddress(deps, request, reply).catch((error: unknown) => {
      request.log.error({ err: error }, 'looking up an old address failed');
      return null;
    });
    if (redirected) return redirected;
    const latest = await browseArticles(deps, { page: 1 }).catch(() => ({ items: [] }));
    return reply.page(NotFoundPage({ ctx: await safePageContext(request), latest: latest.items.slice(0, 5) }), 404);
  }

  app.setNotFoundHandler(async (request, reply) => notFound(request, reply));

  // A POST without a body (a bare button sent by a script) is an empty form: the route's schema
  // then checks it as one, rather than refusing a missing object.
  app.addHook('preValidation', async (request) => {
    if (request.body === undefined && request.method === 'POST') request.body = {};
  });

  // Every error is answered as errors.ts's one map says; this only renders the outcome it names.
  app.setErrorHandler(async (error, request, reply) => {
    const { status, message, outcome, log } = answerFor(error);
    if (log) request.log.error({ err: error }, 'request failed');
    if (outcome === 'sign-in') return signInRedirect(request, reply);
    if (outcome === 'not-found') return notFound(request, reply);
    if (typeof reply.adminContext === 'function') {
      const admin = await reply.adminContext().catch(() => null);
      if (admin) return reply.page(AdminErrorPage({ admin, status, message }), status);
    }
    return reply.page(ErrorPage({ ctx: await safePageContext(request), status, message }), status);
  });

  // MUST come after the handlers above: a plugin keeps the error handler in force when it registers.
  await app.register(operationsRoutes, { readiness: options.readiness ?? [], metrics, access: config.metrics });
  await app.register(siteRoutes, { deps: { ...deps, reads } });
  await app.register(mediaFileRoutes, { storage: media.storage, library: deps.store.library });
  // A reset link printed where the logs go could be used by anyone who reads them: never so in production.
  const resetMailer = mailer ?? (config.production ? null : consoleMailer);
  await app.register(adminRoutes, { deps, config, assets, media, mailer: resetMailer, prefix: '/admin' });
  return app;
}

/**
 * The node:http server, with the connection limits of SERVER_TIMEOUTS, whose handler answers a
 * stored page itself and hands everything else to Fastify: a cached page then costs a look-up
 * and a write, not Fastify's routing, hooks and plugins. The app's first hook asks the same
 * function, so `inject` (the tests) sees the same answers.
 */
function serverAnsweringFromCache(cache: PageCache, handler: http.RequestListener, timeouts: ServerTimeouts): http.Server {
  const server = http.createServer(
    { headersTimeout: timeouts.headersMs, connectionsCheckingInterval: timeouts.checkEveryMs },
    (req, res) => {
      let answered = false;
      try {
        answered = cache.answer(req, res);
      } catch {
        // The app's own hook asks again, and its error handling answers and logs the failure.
      }
      if (!answered) handler(req, res);
    },
  );
  server.keepAliveTimeout = timeouts.keepAliveMs;
  server.requestTimeout = timeouts.requestMs;
  server.setTimeout(timeouts.idleMs);
  return server;
}

/**
 * The change log as the page cache reads it, telling the read cache each key it reads too: the
 * log's `poll` returns only what is new since the previous call, so it has one reader, and that
 * reader (the page cache's first hook, on every request) hands the keys on.
 */
function alsoTelling(changes: ChangeFeed, reads: ReadCache): ChangeFeed {
  return {
    poll() {
      const keys = changes.poll();
      reads.forget(keys);
      return keys;
    },
    close: () => changes.close(),
  };
}

/**
 * Fastify's trustProxy from the configured proxies: a list of addresses as it is, and a number of
 * hops as Fastify itself reads one (its types leave numbers out): the n addresses nearest the app
 * are proxies, and the client is the next one along X-Forwarded-For, whatever the client put before it.
 */
function trustedProxies(trust: Config['trustProxy']): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof trust === 'number' ? (_address, hop) => hop < trust : trust;
}

/** The compressed copies scripts/build.js writes beside each asset. */
const PRECOMPRESSED = ['.br', '.gz'];

/**
 * Whether the pre-compressed copies may be served: each must be as new as the file it was made
 * from. One left from an older version of the file (edited since the last build) is deleted, so a
 * client never gets the old text; if it cannot be, none is served.
 */
function precompressedAreFresh(): boolean {
  for (const name of fs.readdirSync(PUBLIC_DIR)) {
    const extension = PRECOMPRESSED.find((candidate) => name.endsWith(candidate));
    if (!extension) continue;
    const copy = path.join(PUBLIC_DIR, name);
    const source = copy.slice(0, -extension.length);
    if (fs.existsSync(source) && fs.statSync(copy).mtimeMs >= fs.statSync(source).mtimeMs) continue;
    try {
      fs.rmSync(copy);
    } catch {
      return false;
    }
  }
  return true;
}

function versionedAssets(): Assets {
  const urls = new Map<string, string>();
  for (const name of fs.readdirSync(PUBLIC_DIR)) {
    if (PRECOMPRESSED.some((extension) => name.endsWith(extension))) continue;
    const hash = createHash('sha256')
      .update(fs.readFileSync(path.join(PUBLIC_DIR, name)))
      .digest('hex')
      .slice(0, 10);
    urls.set(name, `/assets/${name}?v=${hash}`);
  }
  return {
    url(name) {
      const url = urls.get(name);
      if (!url) throw new Error(`public/${name} does not exist`);
      return url;
    },
  };
}

/**
 * Reads a query string keeping the first value of a parameter given twice (`?q=a&q=b` searches
 * `a`). No page takes a list in its address, and every route's schema declares single values, so a
 * pasted or hand-edited address with a repeated parameter gets the page, not a refusal.
 */
function firstValueOfEach(query: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(parseQuery(query))) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) values[name] = first;
  }
  return values;
}
