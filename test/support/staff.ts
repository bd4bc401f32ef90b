import type { LightMyRequestResponse } from 'fastify';
import { createStaffUserFromConsole } from '../../src/domain/people/accounts.ts';
import type { Role, StaffUser } from '../../src/domain/shared/model.ts';
import type { TestSite } from './app.ts';

export const STAFF_PASSWORD = 'correct horse battery staple';

let counter = 0;

/** A staff account with a known password; the byline is unique unless given. */
export async function buildStaff(
  site: TestSite,
  role: Role,
  overrides: { email?: string; displayName?: string; password?: string } = {},
): Promise<StaffUser> {
  counter++;
  const { user } = await createStaffUserFromConsole(site.runtime.deps, {
    fields: {
      email: overrides.email ?? `${role}${counter}@newsroom.test`,
      displayName: overrides.displayName ?? `${role[0]!.toUpperCase()}${role.slice(1)} Number${counter}`,
      role,
    },
    password: overrides.password ?? STAFF_PASSWORD,
  });
  return user;
}

/**
 * A browser-like client for `inject`: it keeps cookies, and `post` sends the CSRF token from the
 * last page it loaded, the way a form on that page would.
 */
export class Agent {
  private readonly cookies = new Map<string, string>();
  csrfToken = '';

  constructor(private readonly site: TestSite) {}

  get cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private remember(res: LightMyRequestResponse): LightMyRequestResponse {
    for (const cookie of res.cookies as Array<{ name: string; value: string; maxAge?: number; expires?: Date }>) {
      const expired = cookie.maxAge === 0 || (cookie.expires !== undefined && cookie.expires.getTime() < Date.now()) || cookie.value === '';
      if (expired) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
    if (token) this.csrfToken = token;
    return res;
  }

  forgetCookie(name: string): void {
    this.cookies.delete(name);
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.remember(await this.site.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader } }));
  }

  /** Posts a form; the CSRF token is added unless the fields carry their own `_csrf`. */
  async post(
    url: string,
    fields: Record<string, string | string[]> = {},
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams();
    if (!('_csrf' in fields)) body.append('_csrf', this.csrfToken);
    for (const [name, value] of Object.entries(fields)) for (const item of [value].flat()) body.append(name, item);
    return this.remember(
      await this.site.app.inject({
        method: 'POST',
        url,
        payload: body.toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookieHeader, ...headers },
      }),
    );
  }

  /** Sends JSON, as the editor's scripts do, with the token in a header. */
  async postJson(url: string, json: unknown): Promise<LightMyRequestResponse> {
    return this.remember(
      await this.site.app.inject({
        method: 'POST',
        url,
        payload: JSON.stringify(json),
        headers: { 'content-type': 'application/json', cookie: this.cookieHeader, 'x-csrf-token': this.csrfToken },
      }),
    );
  }
}

/** Signs in through the real sign-in form and returns the agent, now holding the session. */
export async function signInAgent(site: TestSite, user: Pick<StaffUser, 'email'>, password = STAFF_PASSWORD): Promise<Agent> {
  const agent = new Agent(site);
  await agent.get('/admin/sign-in');
  const res = await agent.post('/admin/sign-in', { email: user.email, password, next: '/admin' });
  if (res.statusCode !== 303) throw new Error(`sign-in failed with ${res.statusCode}`);
  await agent.get('/admin/account');
  return agent;
}

/** A new staff member of `role`, signed in. */
export async function staffAgent(site: TestSite, role: Role): Promise<{ agent: Agent; user: StaffUser }> {
  const user = await buildStaff(site, role);
  return { agent: await signInAgent(site, user), user };
}
