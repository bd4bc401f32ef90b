import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { verify } from '@node-rs/argon2';
import type * as Argon2 from '@node-rs/argon2';
import { SIGN_IN_LIMIT } from '../src/domain/people/credentials.ts';
import { startTestSite, type TestSite } from './support/app.ts';
import { Agent, buildStaff, STAFF_PASSWORD } from './support/staff.ts';

// The real argon2, watched: the test counts how many passwords were checked against a hash.
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const argon2 = await importOriginal<typeof Argon2>();
  return { ...argon2, verify: vi.fn(argon2.verify) };
});

let site: TestSite;
beforeEach(async () => {
  site = await startTestSite();
  vi.mocked(verify).mockClear();
});
afterEach(() => site.close());

const DO_NOT_MATCH = 'That email and password do not match an active account.';
const TOO_MANY = `Too many failed sign-ins. Wait ${SIGN_IN_LIMIT.windowMinutes} minutes, or reset your password.`;

async function signInForm(email: string, password: string) {
  const agent = new Agent(site);
  await agent.get('/admin/sign-in');
  return agent.post('/admin/sign-in', { email, password, next: '/admin' });
}

describe('the sign-in limit', () => {
  it(`lets at most ${SIGN_IN_LIMIT.perEmail} of 15 simultaneous wrong passwords be checked`, async () => {
    const user = await buildStaff(site, 'editor');
    vi.mocked(verify).mockClear();
    const answers = await Promise.all(Array.from({ length: 15 }, (_, i) => signInForm(user.email, `wrong guess ${i}`)));
    const refused = answers.filter((res) => res.body.includes(DO_NOT_MATCH));
    const limited = answers.filter((res) => res.body.includes(TOO_MANY));
    expect(refused.length).toBeLessThanOrEqual(SIGN_IN_LIMIT.perEmail);
    expect(refused.length + limited.length).toBe(15);
    expect(limited.every((res) => res.statusCode === 429)).toBe(true);
    expect(vi.mocked(verify).mock.calls.length).toBeLessThanOrEqual(SIGN_IN_LIMIT.perEmail);

    const right = await signInForm(user.email, STAFF_PASSWORD);
    expect(right.statusCode).toBe(429);
    expect(right.body).toContain(TOO_MANY);
  });

  it('clears the count after a successful sign-in', async () => {
    const user = await buildStaff(site, 'editor');
    for (let i = 1; i < SIGN_IN_LIMIT.perEmail; i++) expect((await signInForm(user.email, `wrong ${i}`)).statusCode).toBe(422);
    expect((await signInForm(user.email, STAFF_PASSWORD)).statusCode).toBe(303);
    for (let i = 0; i < SIGN_IN_LIMIT.perEmail; i++) expect((await signInForm(user.email, `wrong ${i}`)).statusCode).toBe(422);
  });
});

describe('an email without an account', () => {
  it('costs a password check like a wrong password does, and gets the same answer', async () => {
    const user = await buildStaff(site, 'editor');
    vi.mocked(verify).mockClear();
    const wrong = await signInForm(user.email, 'not the password');
    const unknown = await signInForm('nobody@newsroom.test', 'not the password');
    const disabled = await buildStaff(site, 'author');
    await site.runtime.deps.store.users.update(disabled.id, { disabled: true });
    const ofDisabled = await signInForm(disabled.email, STAFF_PASSWORD);
    for (const res of [wrong, unknown, ofDisabled]) {
      expect(res.statusCode).toBe(422);
      expect(res.body).toContain(DO_NOT_MATCH);
    }
    expect(vi.mocked(verify).mock.calls).toHaveLength(3);
  });
});
