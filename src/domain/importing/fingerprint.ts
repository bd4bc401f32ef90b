import crypto from 'node:crypto';

/**
 * What the source said about a record, in a few bytes: equal fingerprints mean nothing changed
 * there since the last import. An article's comments are left out (each has its own).
 */
export function fingerprintOf(record: object): string {
  const { comments: _comments, ...source } = record as { readonly comments?: unknown };
  return crypto.hash('sha1', JSON.stringify(source), 'base64url');
}
