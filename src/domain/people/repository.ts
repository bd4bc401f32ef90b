import type { Author, Role, StaffUser } from '../shared/model.ts';

export interface AuthorRepository {
  findBySlug(slug: string): Promise<Author | null>;
  findById(id: number): Promise<Author | null>;
  findByName(name: string): Promise<Author | null>;
  insert(author: { slug: string; name: string; bio: string }): Promise<Author>;
  updateBio(id: number, bio: string): Promise<void>;
}

export interface NewUser {
  readonly email: string;
  readonly displayName: string;
  readonly role: Role;
  readonly passwordHash: string;
  readonly authorId: number;
  readonly mustChangePassword: boolean;
  readonly createdAt: Date;
}

/** Staff accounts, with the one-time reset links and sign-in attempts that belong to them. */
export interface UserRepository {
  findById(id: number): Promise<StaffUser | null>;
  /** `email` is compared lower-cased. */
  findByEmail(email: string): Promise<StaffUser | null>;
  passwordHashOf(id: number): Promise<string | null>;
  insert(user: NewUser): Promise<StaffUser>;
  update(id: number, changes: { displayName?: string; email?: string; role?: Role; disabled?: boolean }): Promise<void>;
  setPassword(id: number, passwordHash: string, mustChange: boolean): Promise<void>;
  list(): Promise<StaffUser[]>;
  count(): Promise<number>;
  countActiveAdmins(): Promise<number>;
  insertReset(reset: { tokenHash: string; userId: number; createdAt: Date; expiresAt: Date }): Promise<void>;
  /** The user a reset link belongs to, if it is unused and unexpired. */
  findResetUser(tokenHash: string, now: Date): Promise<number | null>;
  /** Marks every open reset link of the user used, so one reset spends them all. */
  spendResets(userId: number, now: Date): Promise<void>;
  /** Every sign-in attempt is recorded before its password is checked; a success clears them. */
  recordSignInAttempt(attempt: { email: string; clientAddressHash: string; at: Date }): Promise<void>;
  countSignInAttempts(by: { email: string } | { clientAddressHash: string }, since: Date): Promise<number>;
  clearSignInAttempts(email: string): Promise<void>;
  /** Requests for a reset link at /admin/forgot, counted to limit them; `email` as typed, lower-cased. */
  recordResetRequest(request: { email: string; clientAddressHash: string; at: Date }): Promise<void>;
  countResetRequests(by: { email: string } | { clientAddressHash: string }, since: Date): Promise<number>;
}

/** Signed-in sessions, stored so that every app instance sees the same ones. */
export interface SessionRepository {
  insert(session: { tokenHash: string; userId: number; createdAt: Date; expiresAt: Date; userAgent: string }): Promise<void>;
  /** The session's active user, unless the session has expired or the user is disabled. */
  findActive(tokenHash: string, now: Date): Promise<{ user: StaffUser; expiresAt: Date } | null>;
  extend(tokenHash: string, expiresAt: Date): Promise<void>;
  delete(tokenHash: string): Promise<void>;
  /** Ends the user's sessions, all or all but one. */
  deleteForUser(userId: number, keepTokenHash?: string): Promise<void>;
}
