import type { Role, StaffUser } from '../../domain/shared/model.ts';
import type { DB, Row } from '../schema.ts';
import { fromIso, toIso } from '../time.ts';
import type { SessionRepository, UserRepository } from '../../domain/people/repository.ts';

type UserRow = Row<'users'> & { author_slug: string; author_name: string };

function usersWithAuthor(db: DB) {
  return db
    .selectFrom('users')
    .innerJoin('authors', 'authors.id', 'users.author_id')
    .selectAll('users')
    .select(['authors.slug as author_slug', 'authors.name as author_name']);
}

export function userRepository(db: DB): UserRepository {
  const findWhere = async (column: 'users.id' | 'users.email', value: string | number) => {
    const row = await usersWithAuthor(db).where(column, '=', value).executeTakeFirst();
    return row ? toStaffUser(row) : null;
  };
  return {
    findById: (id) => findWhere('users.id', id),
    findByEmail: (email) => findWhere('users.email', email.trim().toLowerCase()),
    async passwordHashOf(id) {
      const row = await db.selectFrom('users').select('password_hash').where('id', '=', id).executeTakeFirst();
      return row?.password_hash ?? null;
    },
    async insert(user) {
      const { id } = await db
        .insertInto('users')
        .values({
          email: user.email.trim().toLowerCase(),
          display_name: user.displayName,
          role: user.role,
          password_hash: user.passwordHash,
          author_id: user.authorId,
          must_change_password: user.mustChangePassword ? 1 : 0,
          created_at: toIso(user.createdAt),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const created = await findWhere('users.id', id);
      if (!created) throw new Error(`user ${id} vanished after insert`);
      return created;
    },
    async update(id, changes) {
      const set = {
        ...(changes.displayName !== undefined ? { display_name: changes.displayName } : {}),
        ...(changes.email !== undefined ? { email: changes.email.trim().toLowerCase() } : {}),
        ...(changes.role !== undefined ? { role: changes.role } : {}),
        ...(changes.disabled !== undefined ? { disabled: changes.disabled ? 1 : 0 } : {}),
      };
      if (Object.keys(set).length > 0) await db.updateTable('users').set(set).where('id', '=', id).execute();
    },
    async setPassword(id, passwordHash, mustChange) {
      await db
        .updateTable('users')
        .set({ password_hash: passwordHash, must_change_password: mustChange ? 1 : 0 })
        .where('id', '=', id)
        .execute();
    },
    async list() {
      const rows = await usersWithAuthor(db).orderBy('users.display_name').execute();
      return rows.map(toStaffUser);
    },
    async count() {
      const { n } = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(n);
    },
    async countActiveAdmins() {
      const { n } = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('role', '=', 'admin')
        .where('disabled', '=', 0)
        .executeTakeFirstOrThrow();
      return Number(n);
    },
    async insertReset(reset) {
      await db
        .insertInto('password_resets')
        .values({
          token_hash: reset.tokenHash,
          user_id: reset.userId,
          created_at: toIso(reset.createdAt),
          expires_at: toIso(reset.expiresAt),
          used_at: null,
        })
        .execute();
    },
    async findResetUser(tokenHash, now) {
      const row = await db
        .selectFrom('password_resets')
        .select('user_id')
        .where('token_hash', '=', tokenHash)
        .where('used_at', 'is', null)
        .where('expires_at', '>', toIso(now))
        .executeTakeFirst();
      return row?.user_id ?? null;
    },
    async spendResets(userId, now) {
      await db
        .updateTable('password_resets')
        .set({ used_at: toIso(now) })
        .where('user_id', '=', userId)
        .where('used_at', 'is', null)
        .execute();
    },
    async recordSignInAttempt(attempt) {
      await recordAttempt(db, 'sign_in_attempts', attempt);
    },
    async countSignInAttempts(by, since) {
      return countAttempts(db, 'sign_in_attempts', by, since);
    },
    async clearSignInAttempts(email) {
      await db.deleteFrom('sign_in_attempts').where('email', '=', email.trim().toLowerCase()).execute();
    },
    async recordResetRequest(request) {
      await recordAttempt(db, 'password_reset_requests', request);
    },
    async countResetRequests(by, since) {
      return countAttempts(db, 'password_reset_requests', by, since);
    },
  };
}

/** The tables that count attempts (sign-ins, reset requests) by email and by hashed client address. */
type AttemptTable = 'sign_in_attempts' | 'password_reset_requests';

async function recordAttempt(db: DB, table: AttemptTable, attempt: { email: string; clientAddressHash: string; at: Date }): Promise<void> {
  await db
    .insertInto(table)
    .values({ email: attempt.email.trim().toLowerCase(), client_address_hash: attempt.clientAddressHash, at: toIso(attempt.at) })
    .execute();
}

async function countAttempts(
  db: DB,
  table: AttemptTable,
  by: { email: string } | { clientAddressHash: string },
  since: Date,
): Promise<number> {
  const query = db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('at', '>=', toIso(since));
  const { n } = await (
    'email' in by ? query.where('email', '=', by.email.trim().toLowerCase()) : query.where('client_address_hash', '=', by.clientAddressHash)
  ).executeTakeFirstOrThrow();
  return Number(n);
}

export function sessionRepository(db: DB): SessionRepository {
  return {
    async insert(session) {
      await db
        .insertInto('sessions')
        .values({
          token_hash: session.tokenHash,
          user_id: session.userId,
          created_at: toIso(session.createdAt),
          expires_at: toIso(session.expiresAt),
          user_agent: session.userAgent,
        })
        .execute();
    },
    async findActive(tokenHash, now) {
      const row = await usersWithAuthor(db)
        .innerJoin('sessions', 'sessions.user_id', 'users.id')
        .select('sessions.expires_at')
        .where('sessions.token_hash', '=', tokenHash)
        .where('sessions.expires_at', '>', toIso(now))
        .where('users.disabled', '=', 0)
        .executeTakeFirst();
      return row ? { user: toStaffUser(row), expiresAt: fromIso(row.expires_at) } : null;
    },
    async extend(tokenHash, expiresAt) {
      await db
        .updateTable('sessions')
        .set({ expires_at: toIso(expiresAt) })
        .where('token_hash', '=', tokenHash)
        .execute();
    },
    async delete(tokenHash) {
      await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
    },
    async deleteForUser(userId, keepTokenHash) {
      await db
        .deleteFrom('sessions')
        .where('user_id', '=', userId)
        .$if(keepTokenHash !== undefined, (q) => q.where('token_hash', '<>', keepTokenHash!))
        .execute();
    },
  };
}

function toStaffUser(row: UserRow): StaffUser {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role as Role,
    author: { id: row.author_id, slug: row.author_slug, name: row.author_name },
    mustChangePassword: row.must_change_password === 1,
    disabled: row.disabled === 1,
    createdAt: fromIso(row.created_at),
  };
}
