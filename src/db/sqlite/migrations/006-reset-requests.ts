import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations describe the schema before it has a type */

/**
 * Requests for a password-reset link, counted per email and per client address (hashed) so that
 * /admin/forgot can be limited the same on every app instance, as failed sign-ins are.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('password_reset_requests')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('client_address_hash', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('password_reset_requests_email').on('password_reset_requests').columns(['email', 'at']).execute();
  await db.schema
    .createIndex('password_reset_requests_client')
    .on('password_reset_requests')
    .columns(['client_address_hash', 'at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('password_reset_requests').execute();
}
