import { clientAddressSalt, hashClientAddress } from '../comments/comments.ts';
import {
  ACCOUNT_MESSAGES,
  checkPassword,
  hashPassword,
  hashToken,
  passwordMatches,
  verifyPassword,
  SESSION_DAYS,
  SIGN_IN_LIMIT,
  startSession,
} from './credentials.ts';
import { NotFoundError, Problems, RateLimitedError, ValidationError } from '../shared/errors.ts';
import type { StaffUser } from '../shared/model.ts';
import type { StaffActor } from '../shared/policy.ts';
import type { PeopleDeps } from './ports.ts';

/**
 * Checks an email and password and opens a session. Attempts are counted per account and per
 * address in the database, so the limit holds across app instances and restarts. The attempt is
 * recorded, and the count read, in one transaction before the password is checked: parallel
 * guesses then queue for the count, and no more than the limit ever reach the password. A success
 * clears the account's attempts; an attempt refused by the limit is not kept.
 */
export async function signIn(
  deps: PeopleDeps,
  input: { email: string; password: string; clientAddress: string; userAgent: string },
): Promise<{ user: StaffUser; sessionToken: string }> {
  const problems = new Problems();
  if (!input.email.trim()) problems.add('email', 'Enter your email address');
  if (!input.password) problems.add('password', 'Enter your password');
  problems.throwIfAny();
  const now = deps.clock.now();
  const email = input.email.trim().toLowerCase();
  const clientAddressHash = hashClientAddress(await clientAddressSalt(deps.store), input.clientAddress);
  await countSignInAttempt(deps, { email, clientAddressHash, at: now });
  const user = await deps.store.users.findByEmail(email);
  const storedHash = user && !user.disabled ? await deps.store.users.passwordHashOf(user.id) : null;
  // Checked whether or not the account exists, so an unknown email costs the same time.
  const matches = await verifyPassword(storedHash, input.password);
  if (!user || !matches) {
    throw new ValidationError({}, [ACCOUNT_MESSAGES.badCredentials]);
  }
  await deps.store.users.clearSignInAttempts(email);
  return { user, sessionToken: await startSession(deps.store, user, now, input.userAgent) };
}

/**
 * Records a sign-in attempt, or refuses it when the account or the address has used up its
 * attempts. The write comes first, so the transaction holds the database's write lock while it
 * counts: SQLite lets one writer in at a time, in this process and in any other.
 */
async function countSignInAttempt(deps: PeopleDeps, attempt: { email: string; clientAddressHash: string; at: Date }): Promise<void> {
  const since = new Date(attempt.at.getTime() - SIGN_IN_LIMIT.windowMinutes * 60_000);
  await deps.store.transaction(async (store) => {
    await store.users.recordSignInAttempt(attempt);
    const byEmail = await store.users.countSignInAttempts({ email: attempt.email }, since);
    const byAddress = await store.users.countSignInAttempts({ clientAddressHash: attempt.clientAddressHash }, since);
    // Throwing rolls the attempt back: a locked-out guess neither counts nor fills the table.
    if (byEmail > SIGN_IN_LIMIT.perEmail || byAddress > SIGN_IN_LIMIT.perAddress) {
      throw new RateLimitedError(ACCOUNT_MESSAGES.rateLimited, SIGN_IN_LIMIT.windowMinutes * 60);
    }
  });
}

/**
 * The signed-in user behind a session cookie, or null. A session lasts SESSION_DAYS from its last
 * use; it is extended at most once a day, so reading pages does not write on every request.
 */
export async function resolveSession(deps: PeopleDeps, token: string): Promise<StaffUser | null> {
  if (!token) return null;
  const now = deps.clock.now();
  const tokenHash = hashToken(token);
  const found = await deps.store.sessions.findActive(tokenHash, now);
  if (!found) return null;
  const fullTerm = now.getTime() + SESSION_DAYS * 86_400_000;
  if (fullTerm - found.expiresAt.getTime() > 86_400_000) await deps.store.sessions.extend(tokenHash, new Date(fullTerm));
  return found.user;
}

export async function signOut(deps: PeopleDeps, token: string): Promise<void> {
  await deps.store.sessions.delete(hashToken(token));
}

/** Changes one's own password; every other session of the account ends. */
export async function changePassword(
  deps: PeopleDeps,
  input: { actor: StaffActor; currentPassword: string; newPassword: string; sessionToken: string },
): Promise<void> {
  const user = await deps.store.users.findById(input.actor.id);
  if (!user) throw new NotFoundError('Your account');
  const problems = new Problems();
  const storedHash = await deps.store.users.passwordHashOf(user.id);
  if (!storedHash || !(await passwordMatches(storedHash, input.currentPassword))) {
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
