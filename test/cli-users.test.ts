import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestSite, tempDataDir } from './support/app.ts';
import { runCli } from './support/cli.ts';
import { Agent, buildStaff, signInAgent } from './support/staff.ts';

let dataDir: string;
beforeEach(() => {
  dataDir = tempDataDir();
});
afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/** Runs `look` against the real app on the data directory the CLI wrote. */
async function withSite<T>(look: (site: Awaited<ReturnType<typeof startTestSite>>) => Promise<T>): Promise<T> {
  const site = await startTestSite({ dataDir });
  try {
    return await look(site);
  } finally {
    await site.app.close();
    await site.runtime.close();
  }
}

describe('broadsheet users', () => {
  it('creates an administrator with a chosen password who can sign in and manage staff', async () => {
    const result = await runCli(dataDir, [
      'users',
      'create',
      '--email',
      'Chief@News.test',
      '--name',
      'Ada Chief',
      '--role',
      'admin',
      '--password',
      'chief password 1',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Created administrator Ada Chief <chief@news.test>.');
    expect(result.stdout).not.toContain('Password');
    await withSite(async (site) => {
      const agent = await signInAgent(site, { email: 'chief@news.test' }, 'chief password 1');
      expect((await agent.get('/admin/users')).statusCode).toBe(200);
    });
  });

  it('generates a password when none is given, prints it once and says it must be changed', async () => {
    const result = await runCli(dataDir, ['users', 'create', '--email', 'kit@news.test', '--name', 'Kit Lam', '--role', 'author']);
    expect(result.code).toBe(0);
    const password = /Password \(shown only this once\): (\S+)/.exec(result.stdout)?.[1];
    expect(password).toBeDefined();
    expect(result.stdout).toContain('It must be changed at first sign-in.');
    await withSite(async (site) => {
      const agent = new Agent(site);
      await agent.get('/admin/sign-in');
      expect((await agent.post('/admin/sign-in', { email: 'kit@news.test', password: password!, next: '/admin' })).statusCode).toBe(303);
      expect((await agent.get('/admin')).headers.location).toBe('/admin/account');
    });
    expect((await runCli(dataDir, ['users', 'list'])).stdout).toMatch(/author\s+kit@news\.test {2}Kit Lam {2}\(must change password\)/);
  });

  it('lists the staff with role, email and name', async () => {
    expect((await runCli(dataDir, ['users', 'list'])).stdout).toContain('No staff accounts yet.');
    await withSite(async (site) => {
      await buildStaff(site, 'editor', { email: 'b@news.test', displayName: 'Bo Editor' });
      await buildStaff(site, 'contributor', { email: 'a@news.test', displayName: 'Al Writer' });
    });
    const list = await runCli(dataDir, ['users', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout.trim().split('\n')).toEqual(['contributor  a@news.test  Al Writer', 'editor       b@news.test  Bo Editor']);
  });

  it('prints a one-time reset link that works once', async () => {
    await withSite((site) => buildStaff(site, 'editor', { email: 'lee@news.test' }));
    const result = await runCli(dataDir, ['users', 'reset-password', 'LEE@news.test'], { SITE_URL: 'http://news.test' });
    expect(result.code).toBe(0);
    const link = /^http:\/\/news\.test(\/admin\/reset\/\S+)$/m.exec(result.stdout)?.[1];
    expect(link).toBeDefined();
    await withSite(async (site) => {
      const agent = new Agent(site);
      expect((await agent.get(link!)).statusCode).toBe(200);
      expect((await agent.post(link!, { newPassword: 'second password' })).statusCode).toBe(303);
      expect((await new Agent(site).get(link!)).statusCode).toBe(410);
      await signInAgent(site, { email: 'lee@news.test' }, 'second password');
      expect(await signInAgent(site, { email: 'lee@news.test' }).catch((error: Error) => error.message)).toBe('sign-in failed with 422');
    });
  });

  it('exits 2 with a clear message for a usage mistake', async () => {
    const badRole = await runCli(dataDir, ['users', 'create', '--email', 'x@news.test', '--name', 'X', '--role', 'owner']);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('--role must be one of admin, editor, author, contributor');
    const missing = await runCli(dataDir, ['users', 'create', '--email', 'x@news.test']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('users create needs --name, --role');
    const noEmail = await runCli(dataDir, ['users', 'reset-password']);
    expect(noEmail.code).toBe(2);
    expect(noEmail.stderr).toContain('users reset-password takes one email address');
  });

  it('exits 1 when the account is refused, naming the option at fault', async () => {
    const weak = await runCli(dataDir, [
      'users',
      'create',
      '--email',
      'not-an-email',
      '--name',
      'X',
      '--role',
      'author',
      '--password',
      'short',
    ]);
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('--email: Enter an email address such as name@example.com');
    expect(weak.stderr).toContain('--password: Use at least 10 characters');
    const unknown = await runCli(dataDir, ['users', 'reset-password', 'ghost@news.test']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('The staff account ghost@news.test was not found');
  });
});
