import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request Akismet received: the method (`comment-check`, `submit-spam`…) and its form fields. */
export interface AkismetCall {
  readonly method: string;
  readonly fields: Readonly<Record<string, string>>;
}

/**
 * A real HTTP server speaking Akismet's REST protocol (verify-key, comment-check, submit-spam,
 * submit-ham) on a local port, so tests exercise the client, the outbox and the network together.
 * A comment whose text contains "viagra" is spam, as Akismet's own test author "viagra-test-123" is.
 */
export class FakeAkismet {
  readonly calls: AkismetCall[] = [];
  /** While true, every request is answered 503, as when Akismet is down. */
  down = false;
  private server: http.Server | undefined;

  constructor(readonly key = 'test-akismet-key') {}

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/1.1`;
  }

  callsTo(method: string): AkismetCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  async start(): Promise<this> {
    this.server = http.createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        const method = /^\/1\.1\/([a-z-]+)$/.exec(request.url ?? '')?.[1] ?? '';
        const fields = Object.fromEntries(new URLSearchParams(body));
        if (this.down) return void response.writeHead(503).end('Service Unavailable');
        this.calls.push({ method, fields });
        const [status, text, headers] = this.answer(method, fields);
        response.writeHead(status, { 'content-type': 'text/plain', ...headers }).end(text);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  private answer(method: string, fields: Record<string, string>): [number, string, Record<string, string>] {
    if (method === 'verify-key') return [200, fields.key === this.key ? 'valid' : 'invalid', {}];
    if (fields.api_key !== this.key) return [200, 'invalid', { 'X-akismet-debug-help': 'We were unable to find your API key.' }];
    if (!fields.blog) return [200, 'Missing required field: blog.', { 'X-akismet-debug-help': 'Missing required field: blog.' }];
    const known = ['comment-check', 'submit-spam', 'submit-ham'];
    if (!known.includes(method)) return [404, 'Not found', {}];
    // Akismet requires the reader's address on corrections as on checks.
    if (!fields.user_ip) return [200, 'Missing required field: user_ip.', { 'X-akismet-debug-help': 'Missing required field: user_ip.' }];
    if (method === 'comment-check') return [200, /viagra/i.test(fields.comment_content ?? '') ? 'true' : 'false', {}];
    return [200, 'Thanks for making the web a better place.', {}];
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
