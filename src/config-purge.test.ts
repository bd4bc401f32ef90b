import { describe, expect, it } from 'vitest';
import { loadConfig, type ConfigError } from './config.ts';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    return (error as ConfigError).problems;
  }
};

describe('the CDN purge settings', () => {
  it('are off without PURGE_URL', () => {
    expect(loadConfig({}).purge).toBeNull();
  });

  it('default to POST and 30 keys a request, with headers separated by newlines or semicolons', () => {
    const config = loadConfig({
      PURGE_URL: 'https://api.fastly.com/service/SVC/purge',
      PURGE_HEADERS: 'Fastly-Key: abc123\nAccept: application/json; X-Note: a:b',
    });
    expect(config.purge).toEqual({
      url: 'https://api.fastly.com/service/SVC/purge',
      method: 'POST',
      batch: 30,
      headers: [
        ['Fastly-Key', 'abc123'],
        ['Accept', 'application/json'],
        ['X-Note', 'a:b'],
      ],
    });
    expect(loadConfig({ PURGE_URL: 'http://cdn.test/purge', PURGE_METHOD: 'purge', PURGE_BATCH: '100' }).purge).toMatchObject({
      method: 'PURGE',
      batch: 100,
    });
  });

  it('list every problem, without repeating a header that may hold the token', () => {
    const problems = problemsOf({ PURGE_URL: 'ftp://cdn', PURGE_METHOD: 'PO ST', PURGE_HEADERS: 'secret-token-alone', PURGE_BATCH: '0' });
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).not.toContain('secret-token-alone');
    expect(problems.find((problem) => problem.startsWith('PURGE_HEADERS'))).toContain('entry 1');
  });

  it('refuse companions set without PURGE_URL', () => {
    expect(problemsOf({ PURGE_HEADERS: 'Authorization: Bearer x' })).toEqual([
      "PURGE_HEADERS set without PURGE_URL: set PURGE_URL to the CDN's purge address",
    ]);
  });
});
