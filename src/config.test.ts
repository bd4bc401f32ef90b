import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('defaults to SQLite in ./data and port 3000', () => {
    const config = loadConfig({}, '/srv/news');
    expect(config.databaseFile).toBe(path.join('/srv/news/data', 'broadsheet.db'));
    expect(config.port).toBe(3000);
    expect(config.siteUrl).toBe('http://127.0.0.1:3000');
  });

  it('takes the data directory from BROADSHEET_DATA and a database file from DATABASE_URL', () => {
    expect(loadConfig({ BROADSHEET_DATA: 'store' }, '/srv').databaseFile).toBe('/srv/store/broadsheet.db');
    expect(loadConfig({ DATABASE_URL: 'file:./x/news.db' }, '/srv').databaseFile).toBe('/srv/x/news.db');
  });

  it('lists every problem at once', () => {
    try {
      loadConfig({ PORT: 'eighty', SITE_TIMEZONE: 'Mars/Olympus', DATABASE_URL: 'mysql://x' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toHaveLength(3);
    }
  });

  it('trusts no proxy by default, or a number of hops, or the proxies named', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1,fd00::/8' }).trustProxy).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
      '::1',
      'fd00::/8',
    ]);
  });

  it('refuses TRUST_PROXY=true, and what is no address, saying what to set', () => {
    const problemsOf = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (error) {
        return (error as ConfigError).problems;
      }
      return [];
    };
    const [trueProblem] = problemsOf({ TRUST_PROXY: 'true' });
    expect(trueProblem).toContain('TRUST_PROXY=true would let any client choose its address');
    expect(trueProblem).toContain('the number of proxies in front of the app');
    expect(problemsOf({ TRUST_PROXY: '10.0.0.1,proxy.internal,10.0.0.0/33', PORT: 'x' })).toEqual([
      'PORT must be a port number (0-65535), got "x"',
      expect.stringMatching(/^TRUST_PROXY: "proxy.internal", "10.0.0.0\/33" is not an address or CIDR range; set TRUST_PROXY to/),
    ]);
  });

  it('opens the metrics to nobody by default, or to the addresses and the bearer token set', () => {
    expect(loadConfig({}).metrics).toEqual({ allow: [], token: null });
    const token = 'c0ffee'.repeat(6);
    expect(loadConfig({ METRICS_ALLOW: '10.0.0.0/8, 127.0.0.1,fd00::/8', METRICS_TOKEN: ` ${token} ` }).metrics).toEqual({
      allow: ['10.0.0.0/8', '127.0.0.1', 'fd00::/8'],
      token,
    });
  });

  it('refuses a metrics range that is no address, and a short token, without repeating the token', () => {
    try {
      loadConfig({ METRICS_ALLOW: '10.0.0.0/8,prometheus.internal', METRICS_TOKEN: 'hunter2' });
      expect.unreachable();
    } catch (error) {
      const problems = (error as ConfigError).problems;
      expect(problems).toEqual([
        expect.stringMatching(/^METRICS_ALLOW: "prometheus.internal" is not an address or CIDR range; list the addresses/),
        expect.stringMatching(/^METRICS_TOKEN must be at least 16 characters/),
      ]);
      expect(problems.join('\n')).not.toContain('hunter2');
    }
  });

  it('is in production when NODE_ENV says so', () => {
    expect(loadConfig({}).production).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production' }).production).toBe(true);
  });

  it('reads the page cache budget and the caching times, refusing what is no whole number', () => {
    expect(loadConfig({}).cache).toEqual({ budgetBytes: 64 * 1024 * 1024, maxAge: 60, sMaxAge: 300, staleWhileRevalidate: 60 });
    expect(loadConfig({ PAGE_CACHE_MB: '0' }).cache.budgetBytes).toBe(0);
    try {
      loadConfig({ PAGE_CACHE_MB: 'lots', CACHE_MAX_AGE: '-1', CACHE_S_MAXAGE: '1.5', CACHE_STALE_WHILE_REVALIDATE: 'x' });
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        'PAGE_CACHE_MB must be a whole number of megabytes (0 turns the page cache off) (0 to 65536), got "lots"',
        'CACHE_MAX_AGE must be a whole number of seconds (0 to 31536000), got "-1"',
        'CACHE_S_MAXAGE must be a whole number of seconds (0 to 31536000), got "1.5"',
        'CACHE_STALE_WHILE_REVALIDATE must be a whole number of seconds (0 to 31536000), got "x"',
      ]);
    }
  });

  it('keeps media in DATA/media with 25 MB, 50 megapixels and 12,000 pixels a side, unless told otherwise', () => {
    expect(loadConfig({}, '/srv/news').media).toEqual({
      dir: '/srv/news/data/media',
      limits: { maxBytes: 25_000_000, maxPixels: 50_000_000, maxSide: 12_000 },
      fetch: { allowPrivate: false, timeoutMs: 30_000 },
    });
    const set = loadConfig(
      {
        MEDIA_DIR: '/mnt/shared/media',
        MEDIA_MAX_MB: '10',
        MEDIA_MAX_MEGAPIXELS: '24',
        MEDIA_MAX_SIDE: '8000',
        MEDIA_FETCH_ALLOW_PRIVATE: 'true',
        MEDIA_FETCH_TIMEOUT_SECONDS: '5',
      },
      '/srv',
    );
    expect(set.media).toEqual({
      dir: '/mnt/shared/media',
      limits: { maxBytes: 10_000_000, maxPixels: 24_000_000, maxSide: 8000 },
      fetch: { allowPrivate: true, timeoutMs: 5000 },
    });
    expect(() => loadConfig({ MEDIA_FETCH_ALLOW_PRIVATE: 'yes' })).toThrow(
      expect.objectContaining({ problems: ['MEDIA_FETCH_ALLOW_PRIVATE must be true or false, got "yes"'] }),
    );
  });

  it('refuses a media limit that is no whole number, or zero', () => {
    expect(() => loadConfig({ MEDIA_MAX_MB: 'lots', MEDIA_MAX_SIDE: '0' })).toThrow(
      expect.objectContaining({
        problems: [
          'MEDIA_MAX_MB must be a whole number of megabytes (1 to 1024), got "lots"',
          'MEDIA_MAX_SIDE must be a whole number of pixels (1 to 100000), got "0"',
        ],
      }) as Error,
    );
  });
});
