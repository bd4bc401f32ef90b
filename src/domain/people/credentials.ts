/** Passwords, tokens and sessions: the secrets behind a staff account. */
import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Problems } from '../shared/errors.ts';
import type { StaffUser } from '../shared/model.ts';
import type { PeopleStore } from './ports.ts';

export const ACCOUNT_LIMITS = { passwordMin: 10, passwordMax: 200, name: 100, email: 254 } as const;
export const SESSION_DAYS = 14;
export const RESET_LINK_HOURS = 2;
/** Failed sign-ins allowed per account, and per client address, within the window. */
export const SIGN_IN_LIMIT = { perEmail: 5, perAddress: 20, windowMinutes: 15 } as const;

export const ACCOUNT_MESSAGES = {
  badCredentials: 'That email and password do not match an active account.',
  rateLimited: `Too many failed sign-ins. Wait ${SIGN_IN_LIMIT.windowMinutes} minutes, or reset your password.`,
  resetExpired: 'This reset link has expired or was already used. Ask for a new one.',
} as const;

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

/** Whether `password` is the one `passwordHash` was made from; a malformed hash matches nothing. */
export function passwordMatches(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password).catch(() => false);
}

/** A hash of a password nobody knows, made once, to check against when there is no account. */
let dummyHash: Promise<string> | undefined;

/**
 * Whether `password` is the account's: false when there is no account (`storedHash` null), after
 * the same argon2 work as for a wrong password, so the answer does not come faster for an email
 * that has no account and cannot be used to find out who has one.
 */
export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  if (storedHash !== null) return passwordMatches(storedHash, password);
  dummyHash ??= hashPassword(randomBytes(32).toString('base64url'));
  await passwordMatches(await dummyHash, password);
  return false;
}

/** Adds a problem to `field` unless the password is acceptable for the account with `email`. */
export function checkPassword(password: string, email: string, problems: Problems, field = 'password'): void {
  if (password.length < ACCOUNT_LIMITS.passwordMin) problems.add(field, `Use at least ${ACCOUNT_LIMITS.passwordMin} characters`);
  else if (password.length > ACCOUNT_LIMITS.passwordMax) problems.add(field, `Use at most ${ACCOUNT_LIMITS.passwordMax} characters`);
  else if (password.trim().toLowerCase() === email.trim().toLowerCase())
    problems.add(field, 'Do not use your email address as the password');
}

/** Opens a session for the user; returns the token for the cookie (only its hash is stored). */
export async function startSession(store: PeopleStore, user: StaffUser, now: Date, userAgent: string): Promise<string> {
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
