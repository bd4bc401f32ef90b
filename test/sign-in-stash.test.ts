import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestSite, type TestSite } from './support/app.ts';
import { Agent, buildStaff, STAFF_PASSWORD } from './support/staff.ts';

let site: TestSite;
beforeEach(async () => {
  site = await startTestSite();
});
afterEach(() => site.close());

describe('a sign-in carrying a stash that is not what the sign-in page wrote', () => {
  for (const [what, stash] of [
    ['malformed JSON', '{"headline": "cut sh'],
    ['JSON that is not an object', '["headline", "body"]'],
    ['an object with other than text in it', '{"headline": {"nested": true}, "body": 3}'],
  ] as const) {
    it(`signs in and goes on to the editor without it, for ${what}`, async () => {
      const user = await buildStaff(site, 'author');
      const agent = new Agent(site);
      await agent.get('/admin/sign-in');
      const res = await agent.post('/admin/sign-in', { email: user.email, password: STAFF_PASSWORD, next: '/admin/articles/new', stash });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/admin/articles/new');
      const editor = await agent.get('/admin/articles/new');
      expect(editor.statusCode).toBe(200);
      expect(editor.body).not.toContain('Restored your unsaved changes');
    });
  }
});
