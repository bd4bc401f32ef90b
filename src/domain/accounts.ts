import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { findOrCreateAuthor } from './authors.ts';
import { EMAIL_PATTERN, hashClientAddress, clientAddressSalt } from './comments.ts';
import { ConflictError, NotFoundError, Problems, RateLimitedError, ValidationError } from './errors.ts';
import { ROLES, type Role, type StaffUser } from './model.ts';
import { authorize, type Actor } from './policy.ts';
import type { Deps, Store } from './store.ts';

export const ACCOUNT_LIMITS = { passwordMin: 10, passwordMax: 200, name: 100, email: 254 } as const;
export const SESSION_DAYS = 14;
export const RESET_LINK_HOURS = 2;
/** Failed sign-ins allowed per account, and per client address, within the window. */
export const SIGN_IN_LIMIT = { perEmail: 5, perAddress: 20, windowMinutes: 15 } as const;

export const ACCOUNT_MESSAGES = {
  badCredentials: 'That email and password do not match an active account.',
  rateLimited: `Too many failed sign-ins. Wait ${SIGN_IN_LIMIT.windowMinutes} minutes, or reset your password.`,
  resetExpired: 'This reset link has expired or was already used. Ask for a new one.',
  setupUsed: 'This set-up link is no longer valid: the first administrator already exists. Sign in instead.',
} as const;

const EMAIL = new RegExp(EMAIL_PATTERN, 'u');
/** argon2id with the OWASP-recommended memory and time cost (19 MiB, 2 passes). */
const ARGON2 = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

/** A random secret for a cookie or link, and the only form of it the database keeps. */
export function newToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface StaffFields {
  readonly email: string;
  readonly displayName: string;
  readonly role: Role;
}

function checkStaffFields(input: StaffFields, problems: Problems): StaffFields {
  const email = input.email.trim().toLowerCase();
  const displayName = input.displayName.trim().replace(/\s+/g, ' ');
  if (!EMAIL.test(email) || email.length > ACCOUNT_LIMITS.email) problems.add('email', 'Enter an email address such as name@example.com');
  if (!displayName) problems.add('displayName', 'Enter the name to show as the byline');
  else if (displayName.length > ACCOUNT_LIMITS.name) problems.add('displayName', `Keep the name under ${ACCOUNT_LIMITS.name} characters`);
  if (!ROLES.includes(input.role)) problems.add('role', 'Choose one of the roles');
  return { email, displayName, role: input.role };
}

function checkPassword(password: string, email: string, problems: Problems, field = 'password'): void {
  if (password.length < ACCOUNT_LIMITS.passwordMin) problems.add(field, `Use at least ${ACCOUNT_LIMITS.passwordMin} characters`);
  else if (password.length > ACCOUNT_LIMITS.passwordMax) problems.add(field, `Use at most ${ACCOUNT_LIMITS.passwordMax} characters`);
  else if (password.trim().toLowerCase() === email.trim().toLowerCase())
    problems.add(field, 'Do not use your email address as the password');
}

/**
 * Creates a staff account and links it to the author of the same byline (made on first use). With
 * no password given, one is generated and returned once; it must be changed at first sign-in.
 */
async function insertStaffUser(
  store: Store,
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

/** An administrator adds a member of staff. */
export async function createStaffUser(
  deps: Deps,
  input: { actor: Actor; fields: StaffFields; password?: string },
): Promise<{ user: StaffUser; generatedPassword?: string }> {
  authorize(input.actor, 'user.manage');
  return deps.store.transaction((store) => insertStaffUser(store, input.fields, input.password, deps.clock.now()));
}

/** The CLI's way in, trusted because it runs on the server: no actor is needed. */
export function createStaffUserFromConsole(
  deps: Deps,
  input: { fields: StaffFields; password?: string },
): Promise<{ user: StaffUser; generatedPassword?: string }> {
  return deps.store.transaction((store) => insertStaffUser(store, input.fields, input.password, deps.clock.now()));
}

/**
 * The link that creates the first administrator. It exists only while there are no staff accounts;
 * each start of the server makes a new one, so an old printed link stops working.
 */
export async function issueSetupLink(deps: Deps): Promise<string | null> {
  if ((await deps.store.users.count()) > 0) return null;
  const { token, tokenHash } = newToken();
  await deps.store.settings.set('setup_token_hash', tokenHash);
  return token;
}

export async function checkSetupToken(deps: Deps, token: string): Promise<void> {
  const stored = await deps.store.settings.get('setup_token_hash');
  if (!stored || stored !== hashToken(token) || (await deps.store.users.count()) > 0) {
    throw new NotFoundError('The set-up link');
  }
}

/** Creates the first administrator from the set-up link and signs them in. */
export async function completeSetup(
  deps: Deps,
  input: { token: string; fields: Omit<StaffFields, 'role'>; password: string; userAgent: string },
): Promise<{ user: StaffUser; sessionToken: string }> {
  return deps.store.transaction(async (store) => {
    await checkSetupToken({ ...deps, store }, input.token);
    const { user } = await insertStaffUser(store, { ...input.fields, role: 'admin' }, input.password, deps.clock.now());
    await store.settings.delete('setup_token_hash');
    return { user, sessionToken: await startSession(store, user, deps.clock.now(), input.userAgent) };
  });
}

async function startSession(store: Store, user: StaffUser, now: Date, userAgent: string): Promise<string> {
  const { token, tokenHash } = newToken();
  await store.sessions.insert({
    tokenHash,
    userId: user.id,
    createdAt: now,
    expiresAt: new Date(now.getTime() + SESSION_DAYS * 86_400_000),
    userAgent: userAgent.slice(0, 300),
  });
  return token;
}

/**
 * Checks an email and password and opens a session. Failures are counted per account and per
 * address in the database, so the limit holds across app instances and restarts.
 */
export async function signIn(
  deps: Deps,
  input: { email: string; password: string; clientAddress: string; userAgent: string },
): Promise<{ user: StaffUser; sessionToken: string }> {
  const problems = new Problems();
  if (!input.email.trim()) problems.add('email', 'Enter your email address');
  if (!input.password) problems.add('password', 'Enter your password');
  problems.throwIfAny();
  const now = deps.clock.now();
  const email = input.email.trim().toLowerCase();
  const clientAddressHash = hashClientAddress(await clientAddressSalt(deps.store), input.clientAddress);
  const since = new Date(now.getTime() - SIGN_IN_LIMIT.windowMinutes * 60_000);
  const [byEmail, byAddress] = await Promise.all([
    deps.store.users.countFailedSignIns({ email }, since),
    deps.store.users.countFailedSignIns({ clientAddressHash }, since),
  ]);
  if (byEmail >= SIGN_IN_LIMIT.perEmail || byAddress >= SIGN_IN_LIMIT.perAddress) {
    throw new RateLimitedError(ACCOUNT_MESSAGES.rateLimited, SIGN_IN_LIMIT.windowMinutes * 60);
  }
  const user = await deps.store.users.findByEmail(email);
  const storedHash = user && !user.disabled ? await deps.store.users.passwordHashOf(user.id) : null;
  if (!user || !storedHash || !(await verify(storedHash, input.password).catch(() => false))) {
    await deps.store.users.recordFailedSignIn({ email, clientAddressHash, at: now });
    throw new ValidationError({}, [ACCOUNT_MESSAGES.badCredentials]);
  }
  await deps.store.users.clearFailedSignIns(email);
  return { user, sessionToken: await startSession(deps.store, user, now, input.userAgent) };
}

/**
 * The signed-in user behind a session cookie, or null. A session lasts SESSION_DAYS from its last
 * use; it is extended at most once a day, so reading pages does not write on every request.
 */
export async function resolveSession(deps: Deps, token: string): Promise<StaffUser | null> {
  if (!token) return null;
  const now = deps.clock.now();
  const tokenHash = hashToken(token);
  const found = await deps.store.sessions.findActive(tokenHash, now);
  if (!found) return null;
  const fullTerm = now.getTime() + SESSION_DAYS * 86_400_000;
  if (fullTerm - found.expiresAt.getTime() > 86_400_000) await deps.store.sessions.extend(tokenHash, new Date(fullTerm));
  return found.user;
}

export async function signOut(deps: Deps, token: string): Promise<void> {
  await deps.store.sessions.delete(hashToken(token));
}

/** Changes one's own password; every other session of the account ends. */
export async function changePassword(
  deps: Deps,
  input: { actor: Actor; currentPassword: string; newPassword: string; sessionToken: string },
): Promise<void> {
  const user = await deps.store.users.findById(input.actor.id);
  if (!user) throw new NotFoundError('Your account');
  const problems = new Problems();
  const storedHash = await deps.store.users.passwordHashOf(user.id);
  if (!storedHash || !(await verify(storedHash, input.currentPassword).catch(() => false))) {
    problems.add('currentPassword', 'This is not your current password');
  }
  checkPassword(input.newPassword, user.email, problems, 'newPassword');
  if (input.newPassword && input.newPassword === input.currentPassword)
    problems.add('newPassword', 'Choose a password different from the current one');
  problems.throwIfAny();
  const passwordHash = await hashPassword(input.newPassword);
  await deps.store.transaction(async (store) => {
    await store.users.setPassword(user.id, passwordHash, false);
    await store.sessions.deleteForUser(user.id, hashToken(input.sessionToken));
  });
}

/**
 * Makes a one-time reset link for the account with this email. It returns null for an unknown
 * email, and the caller tells the person the same thing either way, so nobody can probe for accounts.
 */
export async function requestPasswordReset(deps: Deps, input: { email: string }): Promise<{ user: StaffUser; token: string } | null> {
  const user = await deps.store.users.findByEmail(input.email);
  if (!user || user.disabled) return null;
  const now = deps.clock.now();
  const { token, tokenHash } = newToken();
  await deps.store.users.insertReset({
    tokenHash,
    userId: user.id,
    createdAt: now,
    expiresAt: new Date(now.getTime() + RESET_LINK_HOURS * 3_600_000),
  });
  return { user, token };
}

/** An administrator (or the CLI) makes a reset link for someone, whatever their email. */
export async function issueResetLinkFor(deps: Deps, input: { actor?: Actor; userId: number }): Promise<{ user: StaffUser; token: string }> {
  if (input.actor) authorize(input.actor, 'user.manage');
  const user = await deps.store.users.findById(input.userId);
  if (!user) throw new NotFoundError('The staff account');
  const reset = await requestPasswordReset(deps, { email: user.email });
  if (!reset) throw new ConflictError('This account is disabled; enable it before sending a reset link.');
  return reset;
}

/** The account a reset link opens, or null when the link is unknown, spent or expired. */
export async function checkResetToken(deps: Deps, token: string): Promise<StaffUser | null> {
  const userId = await deps.store.users.findResetUser(hashToken(token), deps.clock.now());
  const user = userId === null ? null : await deps.store.users.findById(userId);
  return user && !user.disabled ? user : null;
}

/** Sets a new password from a reset link, spends the link, ends every old session and opens a new one. */
export async function resetPassword(
  deps: Deps,
  input: { token: string; newPassword: string; userAgent: string },
): Promise<{ user: StaffUser; sessionToken: string }> {
  const user = await checkResetToken(deps, input.token);
  if (!user) throw new ValidationError({}, [ACCOUNT_MESSAGES.resetExpired]);
  const problems = new Problems();
  checkPassword(input.newPassword, user.email, problems, 'newPassword');
  problems.throwIfAny();
  const passwordHash = await hashPassword(input.newPassword);
  const now = deps.clock.now();
  return deps.store.transaction(async (store) => {
    await store.users.setPassword(user.id, passwordHash, false);
    await store.users.spendResets(user.id, now);
    await store.users.clearFailedSignIns(user.email);
    await store.sessions.deleteForUser(user.id);
    return { user, sessionToken: await startSession(store, user, now, input.userAgent) };
  });
}

/** The staff list, for administrators. */
export async function listStaff(deps: Deps, input: { actor: Actor }): Promise<StaffUser[]> {
  authorize(input.actor, 'user.manage');
  return deps.store.users.list();
}

/**
 * An administrator changes someone's role or disables the account. The last active administrator
 * can be neither demoted nor disabled, so the publication is never left without one.
 */
export async function updateStaffUser(
  deps: Deps,
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

/** The console's staff list (the CLI runs on the server, so it needs no actor). */
export function listStaffFromConsole(deps: Deps): Promise<StaffUser[]> {
  return deps.store.users.list();
}

/** One member of staff, for the administrator editing their account. */
export async function readStaffUser(deps: Deps, input: { actor: Actor; userId: number }): Promise<StaffUser> {
  authorize(input.actor, 'user.manage');
  const user = await deps.store.users.findById(input.userId);
  if (!user) throw new NotFoundError('The staff account');
  return user;
}

/** The CLI's reset link for the account with this email. */
export async function issueResetLinkFromConsole(deps: Deps, input: { email: string }): Promise<{ user: StaffUser; token: string }> {
  const user = await deps.store.users.findByEmail(input.email);
  if (!user) throw new NotFoundError(`The staff account ${input.email.trim()}`);
  return issueResetLinkFor(deps, { userId: user.id });
}
