import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One purge request the CDN received. */
export interface PurgeRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
  /** The `Surrogate-Key` header's keys (Fastly's way). */
  readonly surrogateKeys: readonly string[];
  /** The JSON body's `tags` (Cloudflare's way); empty without a body. */
  readonly tags: readonly string[];
}

/**
 * A real HTTP server standing in for a CDN's purge API on a local port, so tests exercise the
 * change log's trigger, the outbox and the network together.
 */
export class FakeCdn {
  readonly requests: PurgeRequest[] = [];
  /** While true, every request is answered 503, as when the CDN's API is down. */
  down = false;
  private server: http.Server | undefined;

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/purge`;
  }

  /** Every key purged so far, by header. */
  purgedKeys(): Set<string> {
    return new Set(this.requests.flatMap((request) => request.surrogateKeys));
  }

  async start(): Promise<this> {
    this.server = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        if (this.down) return void response.writeHead(503).end('Service Unavailable');
        const header = request.headers['surrogate-key'];
        const parsed = body ? (JSON.parse(body) as { tags?: string[] }) : {};
        this.requests.push({
          method: request.method ?? '',
          path: request.url ?? '',
          headers: request.headers,
          surrogateKeys: typeof header === 'string' ? header.split(' ') : [],
          tags: parsed.tags ?? [],
        });
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"success":true}');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
