import crypto from 'node:crypto';
import type { ImportedComment, ImportRecord } from './records.ts';

type Fingerprintable = { readonly fingerprint?: string; readonly comments?: unknown };

/**
 * What the source said about a record, in a few bytes: equal fingerprints mean nothing changed
 * there since the last import. An article's comments are left out (each has its own), and so is
 * a fingerprint the reader has already worked out.
 */
export function fingerprintOf(record: Fingerprintable): string {
  if (record.fingerprint) return record.fingerprint;
  const { fingerprint: _fingerprint, comments: _comments, ...source } = record;
  return crypto.hash('sha1', JSON.stringify(source), 'base64url');
}

/**
 * The record with its fingerprints worked out. The reading thread calls it, so that hashing the
 * text of 100,000 posts and 500,000 comments happens beside the writing, which has more to do.
 */
export function withFingerprints(record: ImportRecord): ImportRecord {
  if (record.kind === 'skip' || record.kind === 'setting') return record;
  if (record.kind !== 'article') return { ...record, fingerprint: fingerprintOf(record) };
  return {
    ...record,
    fingerprint: fingerprintOf(record),
    comments: record.comments.map((comment): ImportedComment => ({ ...comment, fingerprint: fingerprintOf(comment) })),
  };
}
