import { randomBytes } from 'node:crypto';
import { findOrCreateAuthor } from './authors.ts';
import { isEmailAddress } from '../shared/email.ts';
import { ACCOUNT_LIMITS, checkPassword, hashPassword, hashToken, newToken, startSession } from './credentials.ts';
import { ConflictError, NotFoundError, Problems, ValidationError } from '../shared/errors.ts';
import { ROLES, type Role, type StaffUser } from '../shared/model.ts';
import { authorize, type Actor } from '../shared/policy.ts';
import type { PeopleDeps, PeopleStore } from './ports.ts';

export interface StaffFields {
  readonly email: string;
  readonly displayName: string;
  readonly role: Role;
}

function checkStaffFields(input: StaffFields, problems: Problems): StaffFields {
  const email = input.email.trim().toLowerCase();
  const displayName = input.displayName.trim().replace(/\s+/g, ' ');
  if (!isEmailAddress(email, ACCOUNT_LIMITS.email)) problems.add('email', 'Enter an email address such as name@example.com');
  if (!displayName) problems.add('displayName', 'Enter the name to show as the byline');
  else if (displayName.length > ACCOUNT_LIMITS.name) problems.add('displayName', `Keep the name under ${ACCOUNT_LIMITS.name} characters`);
  if (!ROLES.includes(input.role)) problems.add('role', 'Choose one of the roles');
  return { email, displayName, role: input.role };
}

/**
 * Creates a staff account and links it to the author of the same byline (made on first use). With
 * no password given, one is generated and returned once; it must be changed at first sign-in.
 */
async function insertStaffUser(
  store: PeopleStore,
  fields: StaffFields,
  password: string | undefined,
  now: Date,
): Promise<{ user: StaffUser; generatedPassword?: string }> {
  const problems = new Problems();
  const clean = checkStaffFields(fields, problems);
  if (password !== undefined) checkPassword(password, clean.email, problems);
  problems.throwIfAny();
  if (await store.users.findByEmail(clean.email)) throw new ValidationError({ email: 'A staff account already uses this email' });
  const author = await findOrCreateAuthor(store, clean.displayName);
  if ((await store.users.list()).some((user) => user.author.id === author.id)) {
    throw new ValidationError({ displayName: 'Another staff member already writes under this byline' });
  }
  const generatedPassword = password === undefined ? randomBytes(12).toString('base64url') : undefined;
  const user = await store.users.insert({
    ...clean,
    passwordHash: await hashPassword(password ?? generatedPassword!),
    authorId: author.id,
    mustChangePassword: password === undefined,
    createdAt: now,
  });
  return generatedPassword === undefined ? { user } : { user, generatedPassword };
}

/** An administrator, or the console operator, adds a member of staff. */
export async function createStaffUser(
  deps: PeopleDeps,
  input: { actor: Actor; fields: StaffFields; password?: string },
): Promise<{ user: StaffUser; generatedPassword?: string }> {
  authorize(input.actor, 'user.manage');
  return deps.store.transaction((store) => insertStaffUser(store, input.fields, input.password, deps.clock.now()));
}

/**
 * The link that creates the first administrator. It exists only while there are no staff accounts;
 * each start of the server makes a new one, so an old printed link stops working.
 */
export async function issueSetupLink(deps: PeopleDeps): Promise<string | null> {
  if ((await deps.store.users.count()) > 0) return null;
  const { token, tokenHash } = newToken();
  await deps.store.settings.set('setup_token_hash', tokenHash);
  return token;
}

export async function checkSetupToken(deps: PeopleDeps, token: string): Promise<void> {
  const stored = await deps.store.settings.get('setup_token_hash');
  if (!stored || stored !== hashToken(token) || (await deps.store.users.count()) > 0) {
    throw new NotFoundError('The set-up link');
  }
}

/** Creates the first administrator from the set-up link and signs them in. */
export async function completeSetup(
  deps: PeopleDeps,
  input: { token: string; fields: Omit<StaffFields, 'role'>; password: string; userAgent: string },
): Promise<{ user: StaffUser; sessionToken: string }> {
  return deps.store.transaction(async (store) => {
    await checkSetupToken({ ...deps, store }, input.token);
    const { user } = await insertStaffUser(store, { ...input.fields, role: 'admin' }, input.password, deps.clock.now());
    await store.settings.delete('setup_token_hash');
    return { user, sessionToken: await startSession(store, user, deps.clock.now(), input.userAgent) };
  });
}

/** The staff list, for administrators and the console operator. */
export async function listStaff(deps: PeopleDeps, input: { actor: Actor }): Promise<StaffUser[]> {
  authorize(input.actor, 'user.manage');
  return deps.store.users.list();
}

/**
 * An administrator changes someone's role or disables the account. The last active administrator
 * can be neither demoted nor disabled, so the publication is never left without one.
 */
export async function updateStaffUser(
  deps: PeopleDeps,
  input: { actor: Actor; userId: number; role: Role; disabled: boolean },
): Promise<StaffUser> {
  authorize(input.actor, 'user.manage');
  if (!ROLES.includes(input.role)) throw new ValidationError({ role: 'Choose one of the roles' });
  return deps.store.transaction(async (store) => {
    const user = await store.users.findById(input.userId);
    if (!user) throw new NotFoundError('The staff account');
    const losesAdmin = user.role === 'admin' && !user.disabled && (input.role !== 'admin' || input.disabled);
    if (losesAdmin && (await store.users.countActiveAdmins()) <= 1) {
      throw new ConflictError('This is the only active administrator. Make someone else an administrator first.');
    }
    await store.users.update(user.id, { role: input.role, disabled: input.disabled });
    if (input.disabled) await store.sessions.deleteForUser(user.id);
    const updated = await store.users.findById(user.id);
    return updated!;
  });
}

/** One member of staff, for the administrator editing their account. */
export async function readStaffUser(deps: PeopleDeps, input: { actor: Actor; userId: number }): Promise<StaffUser> {
  authorize(input.actor, 'user.manage');
  const user = await deps.store.users.findById(input.userId);
  if (!user) throw new NotFoundError('The staff account');
  return user;
}
