import { clientAddressSalt, hashClientAddress } from '../comments/comments.ts';
import {
  ACCOUNT_LIMITS,
  ACCOUNT_MESSAGES,
  checkPassword,
  hashPassword,
  hashToken,
  newToken,
  RESET_LINK_HOURS,
  startSession,
} from './credentials.ts';
import { ConflictError, NotFoundError, Problems, RateLimitedError, ValidationError } from '../shared/errors.ts';
import type { Mailer } from './mailer.ts';
import type { StaffUser } from '../shared/model.ts';
import { authorize, type Actor } from '../shared/policy.ts';
import type { PeopleDeps } from './ports.ts';

/** What the use cases that mail a reset link need besides the store. */
export interface ResetMailDeps extends PeopleDeps {
  readonly mailer: Mailer;
}

/** How the mail names the site and links back to it; the address of a reset page is the web's business. */
export interface ResetMailSite {
  readonly title: string;
  resetUrl(token: string): string;
}

/**
 * Makes a one-time reset link for the account with this email. It returns null for an unknown
 * email, and the caller tells the person the same thing either way, so nobody can probe for accounts.
 */
export async function requestPasswordReset(deps: PeopleDeps, input: { email: string }): Promise<{ user: StaffUser; token: string } | null> {
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

/** Reset links anyone may ask for at /admin/forgot, per typed email and per client address, within the window. */
export const RESET_REQUEST_LIMIT = { perEmail: 3, perAddress: 10, windowMinutes: 60 } as const;

export const RESET_MESSAGES = {
  emailRequired: 'Enter the email address of your account',
  rateLimited: 'Too many reset links were asked for. Wait an hour, or ask an administrator to send you one.',
} as const;

/**
 * Mails a one-time reset link to the account with this email, when there is one. The caller answers
 * the same thing either way, so nobody can probe for accounts. Requests are limited per typed email
 * (whether or not it has an account, so the limit reveals nothing) and per client address, so the
 * form cannot be used to flood someone's inbox or the database with links.
 */
export async function mailPasswordReset(
  deps: ResetMailDeps,
  input: { email: string; clientAddress: string; site: ResetMailSite },
): Promise<void> {
  const email = input.email.trim().toLowerCase();
  if (!email || email.length > ACCOUNT_LIMITS.email) throw new ValidationError({ email: RESET_MESSAGES.emailRequired });
  const clientAddressHash = hashClientAddress(await clientAddressSalt(deps.store), input.clientAddress);
  await countResetRequest(deps, { email, clientAddressHash, at: deps.clock.now() });
  const reset = await requestPasswordReset(deps, { email });
  if (!reset) return;
  await deps.mailer.send({
    to: reset.user.email,
    subject: `Reset your password for ${input.site.title}`,
    text: `Someone asked to reset the password of this newsroom account.\nTo choose a new password, open:\n${input.site.resetUrl(reset.token)}\nThe link works once, for ${RESET_LINK_HOURS} hours. If it was not you, ignore this message.`,
  });
}

/** Records a request for a reset link, or refuses it over the limit; the write comes first, as for sign-ins. */
async function countResetRequest(deps: PeopleDeps, request: { email: string; clientAddressHash: string; at: Date }): Promise<void> {
  const since = new Date(request.at.getTime() - RESET_REQUEST_LIMIT.windowMinutes * 60_000);
  await deps.store.transaction(async (store) => {
    await store.users.recordResetRequest(request);
    const byEmail = await store.users.countResetRequests({ email: request.email }, since);
    const byAddress = await store.users.countResetRequests({ clientAddressHash: request.clientAddressHash }, since);
    if (byEmail > RESET_REQUEST_LIMIT.perEmail || byAddress > RESET_REQUEST_LIMIT.perAddress) {
      throw new RateLimitedError(RESET_MESSAGES.rateLimited, RESET_REQUEST_LIMIT.windowMinutes * 60);
    }
  });
}

/** An administrator mails someone a link to choose a new password; answers the account it went to. */
export async function mailResetLinkFor(
  deps: ResetMailDeps,
  input: { actor: Actor; userId: number; site: ResetMailSite },
): Promise<StaffUser> {
  const { user, token } = await issueResetLinkFor(deps, { actor: input.actor, userId: input.userId });
  await deps.mailer.send({
    to: user.email,
    subject: `Choose a password for ${input.site.title}`,
    text: `An administrator sent you a link to choose a new password for your newsroom account.\nOpen:\n${input.site.resetUrl(token)}\nThe link works once, for ${RESET_LINK_HOURS} hours.`,
  });
  return user;
}

/**
 * An administrator, or the console operator, makes a reset link for a member of staff, whatever
 * their email: the newsroom names the account by id, the command line by email.
 */
export async function issueResetLinkFor(
  deps: PeopleDeps,
  input: { actor: Actor } & ({ userId: number } | { email: string }),
): Promise<{ user: StaffUser; token: string }> {
  authorize(input.actor, 'user.manage');
  const user = 'email' in input ? await deps.store.users.findByEmail(input.email) : await deps.store.users.findById(input.userId);
  if (!user) throw new NotFoundError('email' in input ? `The staff account ${input.email.trim()}` : 'The staff account');
  const reset = await requestPasswordReset(deps, { email: user.email });
  if (!reset) throw new ConflictError('This account is disabled; enable it before sending a reset link.');
  return reset;
}

/** The account a reset link opens, or null when the link is unknown, spent or expired. */
export async function checkResetToken(deps: PeopleDeps, token: string): Promise<StaffUser | null> {
  const userId = await deps.store.users.findResetUser(hashToken(token), deps.clock.now());
  const user = userId === null ? null : await deps.store.users.findById(userId);
  return user && !user.disabled ? user : null;
}

/** Sets a new password from a reset link, spends the link, ends every old session and opens a new one. */
export async function resetPassword(
  deps: PeopleDeps,
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
    await store.users.clearSignInAttempts(user.email);
    await store.sessions.deleteForUser(user.id);
    return { user, sessionToken: await startSession(store, user, now, input.userAgent) };
  });
}
