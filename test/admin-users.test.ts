import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestSite, TestOutbox, type TestSite } from './support/app.ts';
import { Agent, buildStaff, signInAgent, staffAgent } from './support/staff.ts';

let site: TestSite;
let outbox: TestOutbox;
beforeEach(async () => {
  outbox = new TestOutbox();
  site = await startTestSite({ mailer: outbox });
});
afterEach(() => site.close());

async function adminAgent() {
  const { agent, user } = await staffAgent(site, 'admin');
  await agent.get('/admin/users');
  return { agent, user };
}

describe('/admin/users', () => {
  it('is for administrators only: an editor gets 403 on the pages and on a direct POST', async () => {
    const { agent } = await staffAgent(site, 'editor');
    const colleague = await buildStaff(site, 'author');
    expect((await agent.get('/admin/users')).statusCode).toBe(403);
    expect((await agent.get(`/admin/users/${colleague.id}`)).statusCode).toBe(403);
    const create = await agent.post('/admin/users', {
      email: 'sneaky@newsroom.test',
      displayName: 'Sneaky',
      role: 'admin',
      password: 'a long enough password',
    });
    expect(create.statusCode).toBe(403);
    expect(create.body).toContain('Only administrators can manage staff accounts.');
    expect((await agent.post(`/admin/users/${colleague.id}`, { role: 'admin' })).statusCode).toBe(403);
    expect((await agent.post(`/admin/users/${colleague.id}/reset-link`)).statusCode).toBe(403);
    expect(await site.runtime.deps.store.users.findByEmail('sneaky@newsroom.test')).toBeNull();
    expect((await site.runtime.deps.store.users.findById(colleague.id))?.role).toBe('author');
    expect(outbox.messages).toEqual([]);
  });

  it('lists the staff with byline, email, role and whether the account is active', async () => {
    const { agent, user } = await adminAgent();
    const editor = await buildStaff(site, 'editor', { displayName: 'Mei Lin Chau', email: 'mei@newsroom.test' });
    const page = await agent.get('/admin/users');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`<a href="/admin/users/${editor.id}">Mei Lin Chau</a>`);
    expect(page.body).toContain('<td>mei@newsroom.test</td><td>Editor</td>');
    expect(page.body).toContain(`<td>${user.email}</td><td>Administrator</td>`);
  });

  it('adds a member of staff with a chosen password, who can then sign in', async () => {
    const { agent } = await adminAgent();
    const created = await agent.post('/admin/users', {
      email: 'Wing@Newsroom.test',
      displayName: 'Wing Ho',
      role: 'author',
      password: 'a chosen password of some length',
    });
    expect(created.statusCode).toBe(303);
    expect(created.headers.location).toBe('/admin/users');
    expect((await agent.get('/admin/users')).body).toContain('Wing Ho was added as author.');

    const wing = await signInAgent(site, { email: 'wing@newsroom.test' }, 'a chosen password of some length');
    const account = await wing.get('/admin/account');
    expect(account.statusCode).toBe(200);
    expect(account.body).toContain('wing@newsroom.test');
    expect(account.body).toContain('Author');
  });

  it('refuses a taken email beside the field, keeping what was typed but not the password', async () => {
    const existing = await buildStaff(site, 'editor');
    const { agent } = await adminAgent();
    const refused = await agent.post('/admin/users', {
      email: existing.email,
      displayName: 'New Person',
      role: 'editor',
      password: 'secret password here',
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('<span class="field-error" id="email-error">A staff account already uses this email</span>');
    expect(refused.body).toMatch(/id="displayName" name="displayName"[^>]*value="New Person"/);
    expect(refused.body).toMatch(/<option value="editor" selected>Editor<\/option>/);
    expect(refused.body).not.toContain('secret password here');
    const badRole = await agent.post('/admin/users', { email: 'x@newsroom.test', displayName: 'X', role: 'owner' });
    expect(badRole.body).toContain('<span class="field-error" id="role-error">Choose one of the roles</span>');
  });

  it('shows a generated password once, and the new user must change it at first sign-in', async () => {
    const { agent } = await adminAgent();
    const created = await agent.post('/admin/users', {
      email: 'kit@newsroom.test',
      displayName: 'Kit Lam',
      role: 'contributor',
      password: '',
    });
    expect(created.statusCode).toBe(200);
    expect(created.body).toContain('shown only this once');
    expect(created.body).toContain('It must be changed at first sign-in');
    const password = /<code>([^<]+)<\/code>/.exec(created.body)?.[1];
    expect(password).toMatch(/^[\w-]{16}$/);
    expect((await agent.get('/admin/users')).body).not.toContain(password);

    const kit = new Agent(site);
    await kit.get('/admin/sign-in');
    const signedIn = await kit.post('/admin/sign-in', { email: 'kit@newsroom.test', password: password!, next: '/admin/users' });
    expect(signedIn.statusCode).toBe(303);
    const elsewhere = await kit.get('/admin/tags');
    expect(elsewhere.statusCode).toBe(303);
    expect(elsewhere.headers.location).toBe('/admin/account');
    const account = await kit.get('/admin/account');
    expect(account.body).toContain('Your password was set by someone else. Choose your own to continue.');
    const changed = await kit.post('/admin/account/password', { currentPassword: password!, newPassword: 'my very own password' });
    expect(changed.statusCode).toBe(303);
    expect(changed.headers.location).toBe('/admin');
    expect((await kit.get('/admin/tags')).statusCode).toBe(403);
    expect((await kit.get('/admin/account')).body).not.toContain('Choose your own to continue');
    expect((await site.runtime.deps.store.users.findByEmail('kit@newsroom.test'))?.mustChangePassword).toBe(false);
  });

  it('changes a role, but never demotes or disables the last active administrator', async () => {
    const { agent, user: admin } = await adminAgent();
    const author = await buildStaff(site, 'author');
    await agent.get(`/admin/users/${author.id}`);
    const promoted = await agent.post(`/admin/users/${author.id}`, { role: 'editor' });
    expect(promoted.statusCode).toBe(303);
    expect(promoted.headers.location).toBe(`/admin/users/${author.id}`);
    expect((await site.runtime.deps.store.users.findById(author.id))?.role).toBe('editor');

    const page = await agent.get(`/admin/users/${admin.id}`);
    expect(page.body).toMatch(/<option value="admin" selected>Administrator<\/option>/);
    const demoted = await agent.post(`/admin/users/${admin.id}`, { role: 'editor' });
    expect(demoted.statusCode).toBe(409);
    expect(demoted.body).toContain('This is the only active administrator. Make someone else an administrator first.');
    expect(demoted.body).toMatch(/<option value="editor" selected>Editor<\/option>/);
    const disabled = await agent.post(`/admin/users/${admin.id}`, { role: 'admin', disabled: 'on' });
    expect(disabled.statusCode).toBe(409);
    expect(await site.runtime.deps.store.users.findById(admin.id)).toMatchObject({ role: 'admin', disabled: false });

    await agent.post(`/admin/users/${author.id}`, { role: 'admin' });
    await agent.get(`/admin/users/${admin.id}`);
    expect((await agent.post(`/admin/users/${admin.id}`, { role: 'editor' })).statusCode).toBe(303);
    expect((await site.runtime.deps.store.users.findById(admin.id))?.role).toBe('editor');
  });

  it('disabling an account ends its sessions, and it can no longer sign in', async () => {
    const { agent } = await adminAgent();
    const { agent: editor, user } = await staffAgent(site, 'editor');
    expect((await editor.get('/admin/account')).statusCode).toBe(200);

    await agent.get(`/admin/users/${user.id}`);
    expect((await agent.post(`/admin/users/${user.id}`, { role: 'editor', disabled: 'on' })).statusCode).toBe(303);
    expect((await agent.get(`/admin/users/${user.id}`)).body).toContain('<span class="status status-trash">Disabled</span>');

    const after = await editor.get('/admin/account');
    expect(after.statusCode).toBe(303);
    expect(after.headers.location).toBe('/admin/sign-in?next=%2Fadmin%2Faccount');
    const again = new Agent(site);
    await again.get('/admin/sign-in');
    const refused = await again.post('/admin/sign-in', { email: user.email, password: 'correct horse battery staple', next: '/admin' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('That email and password do not match an active account.');
  });

  it('sends a password reset link through the outbox that works once', async () => {
    const { agent } = await adminAgent();
    const author = await buildStaff(site, 'author', { email: 'ann@newsroom.test' });
    await agent.get(`/admin/users/${author.id}`);
    const sent = await agent.post(`/admin/users/${author.id}/reset-link`);
    expect(sent.statusCode).toBe(303);
    expect((await agent.get(`/admin/users/${author.id}`)).body).toContain('A password reset link was sent to ann@newsroom.test.');
    const link = outbox.lastLinkTo('ann@newsroom.test');
    expect(outbox.messages.at(-1)?.text).toContain(`http://news.test${link}`);

    const ann = new Agent(site);
    expect((await ann.get(link)).statusCode).toBe(200);
    const reset = await ann.post(link, { newPassword: 'a fresh new password' });
    expect(reset.statusCode).toBe(303);
    expect((await ann.get('/admin/account')).body).toContain('ann@newsroom.test');
    expect((await new Agent(site).get(link)).statusCode).toBe(410);
    await signInAgent(site, author, 'a fresh new password');
  });
});
