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
});
