import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../src/http/app.ts';
import { startTestSite, type TestSite } from './support/app.ts';

let site: TestSite;
beforeEach(async () => {
  site = await startTestSite();
});
afterEach(async () => site.close());

describe('server timeouts', () => {
  it('cuts off a client that sends its headers too slowly (slow-loris)', async () => {
    const app = await buildApp({
      deps: site.runtime.deps,
      config: site.config,
      timeouts: { headersMs: 500, requestMs: 1_000, idleMs: 5_000, keepAliveMs: 1_000, checkEveryMs: 100 },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const { port } = app.server.address() as AddressInfo;
      const socket = net.connect(port, '127.0.0.1');
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString()));
      const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
      let sent = 0;
      socket.write('GET / HTTP/1.1\r\nHost: news.test\r\n');
      // One header every 100 ms, for up to 30 s: far slower than any browser.
      const dripping = setInterval(() => {
        if (sent < 300 && !socket.destroyed) socket.write(`X-Drip-${sent++}: a\r\n`);
      }, 100);
      await closed;
      clearInterval(dripping);
      // The server hung up long before the client would have finished its headers.
      expect(sent).toBeLessThan(300);
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      await app.close();
    }
  }, 40_000);
});
