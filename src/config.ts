import { isIP } from 'node:net';
import path from 'node:path';
import { canonicalTimeZone } from './domain/shared/locale.ts';
import type { SiteDefaults } from './domain/site/site-settings.ts';

/** Everything Broadsheet reads from the environment, parsed once at start. */
export interface Config {
  /** Where the SQLite database lives; ignored once `DATABASE_URL` names another file. */
  readonly dataDir: string;
  /** `file:` path of the SQLite database. */
  readonly databaseFile: string;
  readonly host: string;
  readonly port: number;
  /** Absolute base URL readers reach the site at, without a trailing slash. */
  readonly siteUrl: string;
  /** The publication's name, strapline, language and time zone until the newsroom's Settings override them. */
  readonly site: SiteDefaults;
  /** Loads the demo publication into an empty database on `serve`. */
  readonly demoOnEmpty: boolean;
  /** Where each change's surrogate keys are sent to purge a CDN (`PURGE_URL`); null when unset. See docs/caching.md. */
  readonly purge: PurgeSettings | null;
  /**
   * Which reverse proxies' X-Forwarded-For to believe for a client's address (the comment and
   * sign-in limits key on it): none (false), this many hops in front of the app, or the proxies'
   * own addresses and CIDR ranges. Never every proxy: the leftmost entry is the client's to choose.
   */
  readonly trustProxy: false | number | string[];
  /**
   * NODE_ENV=production: the site faces the public. Without a mail server, password-reset links
   * then go nowhere but to the administrator who makes one (no self-service reset, nothing in the log).
   */
  readonly production: boolean;
  /**
   * Akismet, used when `AKISMET_KEY` is set (secret): each reader's comment is checked through the
   * outbox, and moderators' corrections are sent back. `url` is `AKISMET_URL`, for tests.
   */
  readonly akismet: { readonly key: string; readonly url: string } | null;
  /** Scheduled backups by `serve`: where, how often (0 hours = off) and how many to keep. */
  readonly backups: { readonly dir: string; readonly everyHours: number; readonly keep: number };
  /** The page cache and the HTTP caching headers of public pages; see docs/caching.md. */
  readonly cache: CacheSettings;
  /** The media library: where its files live (`MEDIA_DIR`, shared by every instance) and the limits on an upload. */
  readonly media: MediaSettings;
  /** Who may read `/metrics`; nobody unless `METRICS_ALLOW` or `METRICS_TOKEN` is set. */
  readonly metrics: MetricsAccess;
}

/**
 * Who may read the Prometheus metrics at `/metrics`. A request that either lets in gets them; with
 * neither set, nobody does (the endpoint answers as if it did not exist).
 */
export interface MetricsAccess {
  /** `METRICS_ALLOW`: client addresses and CIDR ranges (IPv4 and IPv6), as the app reads the client's address (TRUST_PROXY). */
  readonly allow: readonly string[];
  /** `METRICS_TOKEN` (secret): the bearer token a scraper sends as `Authorization: Bearer TOKEN`; null when unset. */
  readonly token: string | null;
}

export interface MediaSettings {
  /** `MEDIA_DIR`, `BROADSHEET_DATA/media` unless set: originals in `originals/` (private), renditions in `public/`. */
  readonly dir: string;
  readonly limits: {
    /** `MEDIA_MAX_MB`: an upload's largest size, 25 MB unless set. */
    readonly maxBytes: number;
    /** `MEDIA_MAX_MEGAPIXELS`: its largest pixel count, 50 megapixels unless set (about 200 MB once decoded). */
    readonly maxPixels: number;
    /** `MEDIA_MAX_SIDE`: its longest side, 12,000 pixels unless set. */
    readonly maxSide: number;
  };
  /** How an import's `--fetch-media` downloads pictures from the old site. */
  readonly fetch: {
    /**
     * `MEDIA_FETCH_ALLOW_PRIVATE=true`: may download from loopback, private, link-local and CGNAT
     * addresses. Off unless set, so an export cannot make the server reach into its own network.
     */
    readonly allowPrivate: boolean;
    /** `MEDIA_FETCH_TIMEOUT_SECONDS`: the most one download may take, start to end; 30 unless set. */
    readonly timeoutMs: number;
  };
}

export interface CacheSettings {
  /** `PAGE_CACHE_MB`: the in-process page cache's budget in bytes (every stored form counted); 0 turns it off. */
  readonly budgetBytes: number;
  /** `CACHE_MAX_AGE`: seconds a browser may reuse a public page. */
  readonly maxAge: number;
  /** `CACHE_S_MAXAGE`: seconds a CDN may keep one (it is purged on change). */
  readonly sMaxAge: number;
  /** `CACHE_STALE_WHILE_REVALIDATE`: seconds a cache may serve a stale copy while it fetches a fresh one. */
  readonly staleWhileRevalidate: number;
}

/** A generic HTTP purge: the keys go as a `Surrogate-Key` header (Fastly) and a JSON body `{"tags": […]}` (Cloudflare). */
export interface PurgeSettings {
  /** `PURGE_URL`. */
  readonly url: string;
  /** `PURGE_METHOD`, POST unless set. */
  readonly method: string;
  /** `PURGE_HEADERS` (secret: they carry the CDN's token), as name and value pairs. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  /** `PURGE_BATCH`: keys per request, 30 unless set (Cloudflare's limit of tags per purge). */
  readonly batch: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration problems:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Parses the environment, listing every problem at once rather than failing on the first. */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const problems: string[] = [];
  const dataDir = path.resolve(cwd, env.BROADSHEET_DATA || 'data');
  const databaseFile = parseDatabaseUrl(env.DATABASE_URL, dataDir, cwd, problems);

  const port = env.PORT === undefined || env.PORT === '' ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`PORT must be a port number (0-65535), got "${env.PORT}"`);
  const host = env.HOST || '127.0.0.1';

  const timeZone = env.SITE_TIMEZONE || 'UTC';
  if (!canonicalTimeZone(timeZone)) problems.push(`SITE_TIMEZONE must be an IANA time zone such as Asia/Hong_Kong, got "${timeZone}"`);

  const siteUrl = (env.SITE_URL || `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(siteUrl)) problems.push(`SITE_URL must start with http:// or https://, got "${env.SITE_URL}"`);

  const trustProxy = parseTrustProxy(env.TRUST_PROXY, problems);
  const purge = parsePurge(env, problems);
  const akismetUrl = (env.AKISMET_URL || 'https://rest.akismet.com/1.1').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(akismetUrl)) problems.push(`AKISMET_URL must start with http:// or https://, got "${env.AKISMET_URL}"`);
  const backups = parseBackups(env, dataDir, cwd, problems);
  const cache = parseCache(env, problems);
  const media = parseMedia(env, dataDir, cwd, problems);
  const metrics = parseMetrics(env, problems);

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    dataDir,
    databaseFile,
    host,
    port,
    siteUrl,
    site: {
      title: env.SITE_TITLE || 'The Harbour Ledger',
      description: env.SITE_DESCRIPTION || 'News, analysis and debate from the harbour city.',
      language: env.SITE_LANGUAGE || 'en',
      timeZone,
    },
    backups,
    cache,
    media,
    metrics,
    demoOnEmpty: env.BROADSHEET_DEMO !== 'off',
    trustProxy,
    production: env.NODE_ENV === 'production',
    akismet: env.AKISMET_KEY ? { key: env.AKISMET_KEY, url: akismetUrl } : null,
    purge,
  };
}

const TRUST_PROXY_HELP =
  'set TRUST_PROXY to the number of proxies in front of the app (1 for one nginx or Caddy) or to their addresses (127.0.0.1, 10.0.0.0/8, separated by commas)';

/** TRUST_PROXY: unset or false, a number of hops, or a comma-separated list of addresses and CIDR ranges. */
function parseTrustProxy(raw: string | undefined, problems: string[]): Config['trustProxy'] {
  const value = (raw ?? '').trim();
  if (value === '' || value === 'false' || value === '0') return false;
  if (value === 'true') {
    problems.push(`TRUST_PROXY=true would let any client choose its address with X-Forwarded-For; ${TRUST_PROXY_HELP}`);
    return false;
  }
  if (/^\d{1,2}$/.test(value)) return Number(value);
  const entries = value.split(',').map((entry) => entry.trim());
  const wrong = entries.filter((entry) => !isAddressOrRange(entry));
  if (wrong.length > 0) {
    problems.push(`TRUST_PROXY: ${wrong.map((entry) => `"${entry}"`).join(', ')} is not an address or CIDR range; ${TRUST_PROXY_HELP}`);
  }
  return entries;
}

function isAddressOrRange(entry: string): boolean {
  const [address = '', bits, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128);
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** PURGE_URL and its companions; every problem is listed, and the headers' values never are (they hold tokens). */
function parsePurge(env: Env, problems: string[]): PurgeSettings | null {
  const url = (env.PURGE_URL ?? '').trim();
  const others = ['PURGE_METHOD', 'PURGE_HEADERS', 'PURGE_BATCH'].filter((name) => (env[name] ?? '').trim() !== '');
  if (!url) {
    if (others.length > 0) problems.push(`${others.join(', ')} set without PURGE_URL: set PURGE_URL to the CDN's purge address`);
    return null;
  }
  if (!/^https?:\/\/[^/]+/.test(url)) problems.push(`PURGE_URL must start with http:// or https://, got "${url}"`);
  const method = (env.PURGE_METHOD ?? '').trim().toUpperCase() || 'POST';
  if (!/^[A-Z]+$/.test(method)) problems.push(`PURGE_METHOD must be an HTTP method such as POST or PURGE, got "${env.PURGE_METHOD}"`);
  const headers: Array<readonly [string, string]> = [];
  const entries = (env.PURGE_HEADERS ?? '').split(/[\n;]/).filter((entry) => entry.trim() !== '');
  entries.forEach((entry, index) => {
    const colon = entry.indexOf(':');
    const name = entry.slice(0, Math.max(colon, 0)).trim();
    const value = entry.slice(colon + 1).trim();
    if (HEADER_NAME.test(name) && value !== '' && !/[\0\r]/.test(value)) headers.push([name, value]);
    // Only the entry's number: its text may be the CDN's token.
    else
      problems.push(
        `PURGE_HEADERS: entry ${index + 1} is not "Name: value"; separate headers by newlines or ";", e.g. "Authorization: Bearer TOKEN"`,
      );
  });
  const rawBatch = (env.PURGE_BATCH ?? '').trim();
  const batch = rawBatch === '' ? 30 : Number(rawBatch);
  if (!/^\d+$/.test(rawBatch || '30') || batch < 1 || batch > 1000) {
    problems.push(`PURGE_BATCH must be a whole number of keys per purge request (1 to 1000), got "${env.PURGE_BATCH}"`);
  }
  return { url, method, headers, batch };
}

function parseDatabaseUrl(url: string | undefined, dataDir: string, cwd: string, problems: string[]): string {
  if (!url) return path.join(dataDir, 'broadsheet.db');
  if (url.startsWith('file:')) return path.resolve(cwd, url.slice('file:'.length).replace(/^\/\/(?=\/)/, ''));
  if (/^postgres(ql)?:/.test(url)) {
    problems.push('DATABASE_URL: the PostgreSQL adapter is not available in this version yet; use file:PATH or leave it unset for SQLite');
  } else {
    problems.push(`DATABASE_URL must be file:PATH (SQLite), got "${url}"`);
  }
  return '';
}

function parseBackups(env: Env, dataDir: string, cwd: string, problems: string[]): Config['backups'] {
  const everyHours = env.BACKUP_EVERY_HOURS ? Number(env.BACKUP_EVERY_HOURS) : 24;
  if (!(everyHours >= 0 && everyHours <= 24 * 366))
    problems.push(`BACKUP_EVERY_HOURS must be a number of hours (0 turns scheduled backups off), got "${env.BACKUP_EVERY_HOURS}"`);
  const keep = env.BACKUP_KEEP ? Number(env.BACKUP_KEEP) : 7;
  if (!Number.isInteger(keep) || keep < 1)
    problems.push(`BACKUP_KEEP must be a whole number of backups, at least 1, got "${env.BACKUP_KEEP}"`);
  return { dir: path.resolve(cwd, env.BACKUP_DIR || path.join(dataDir, 'backups')), everyHours, keep };
}

/** A whole number from the environment, at least `min` (0 unless given) and at most `max`; `fallback` when unset. */
function wholeNumber(env: Env, name: string, fallback: number, max: number, meaning: string, problems: string[], min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value > max || value < min) {
    problems.push(`${name} must be a whole number of ${meaning} (${min} to ${max}), got "${raw}"`);
    return fallback;
  }
  return value;
}

/** `true` or `false` from the environment; false when unset. */
function trueOrFalse(env: Env, name: string, problems: string[]): boolean {
  const raw = (env[name] ?? '').trim();
  if (raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  problems.push(`${name} must be true or false, got "${raw}"`);
  return false;
}

function parseCache(env: Env, problems: string[]): CacheSettings {
  const megabytes = wholeNumber(env, 'PAGE_CACHE_MB', 64, 65_536, 'megabytes (0 turns the page cache off)', problems);
  const year = 365 * 86_400;
  return {
    budgetBytes: megabytes * 1024 * 1024,
    maxAge: wholeNumber(env, 'CACHE_MAX_AGE', 60, year, 'seconds', problems),
    sMaxAge: wholeNumber(env, 'CACHE_S_MAXAGE', 300, year, 'seconds', problems),
    staleWhileRevalidate: wholeNumber(env, 'CACHE_STALE_WHILE_REVALIDATE', 60, year, 'seconds', problems),
  };
}

function parseMedia(env: Env, dataDir: string, cwd: string, problems: string[]): MediaSettings {
  // At least 1 each: a limit of 0 would refuse every picture.
  return {
    dir: path.resolve(cwd, env.MEDIA_DIR || path.join(dataDir, 'media')),
    limits: {
      maxBytes: wholeNumber(env, 'MEDIA_MAX_MB', 25, 1024, 'megabytes', problems, 1) * 1_000_000,
      maxPixels: wholeNumber(env, 'MEDIA_MAX_MEGAPIXELS', 50, 1000, 'megapixels', problems, 1) * 1_000_000,
      maxSide: wholeNumber(env, 'MEDIA_MAX_SIDE', 12_000, 100_000, 'pixels', problems, 1),
    },
    fetch: {
      allowPrivate: trueOrFalse(env, 'MEDIA_FETCH_ALLOW_PRIVATE', problems),
      timeoutMs: wholeNumber(env, 'MEDIA_FETCH_TIMEOUT_SECONDS', 30, 3600, 'seconds', problems, 1) * 1000,
    },
  };
}

/** The shortest METRICS_TOKEN taken: anything shorter could be guessed by a scraper's neighbours. */
const METRICS_TOKEN_MIN = 16;
const METRICS_TOKEN = /^[A-Za-z0-9._~+/=-]+$/;

/** METRICS_ALLOW and METRICS_TOKEN; the token is never repeated in a problem (it is a secret). */
function parseMetrics(env: Env, problems: string[]): MetricsAccess {
  const rawAllow = (env.METRICS_ALLOW ?? '').trim();
  const allow = rawAllow === '' ? [] : rawAllow.split(',').map((entry) => entry.trim());
  const wrong = allow.filter((entry) => !isAddressOrRange(entry));
  if (wrong.length > 0) {
    problems.push(
      `METRICS_ALLOW: ${wrong.map((entry) => `"${entry}"`).join(', ')} is not an address or CIDR range; list the addresses allowed to read /metrics, e.g. 127.0.0.1,10.0.0.0/8,fd00::/8`,
    );
  }
  const token = (env.METRICS_TOKEN ?? '').trim();
  if (token !== '' && (token.length < METRICS_TOKEN_MIN || !METRICS_TOKEN.test(token))) {
    problems.push(
      `METRICS_TOKEN must be at least ${METRICS_TOKEN_MIN} characters of letters, digits and - . _ ~ + / = (a bearer token, e.g. from "openssl rand -hex 32")`,
    );
  }
  return { allow: wrong.length > 0 ? [] : allow, token: token === '' ? null : token };
}
