import { describe, expect, it } from 'vitest';
import { editConflictOf } from './edit-conflict.ts';
import type { ArticleRevision } from '../shared/model.ts';

const SAVED_AT = new Date('2026-11-25T06:32:00Z');
const ROSA = 7;
const ME = 3;

function revision(id: number, userId: number | null, userName: string | null): ArticleRevision {
  return {
    id,
    articleId: 1,
    userId,
    userName,
    createdAt: SAVED_AT,
    headline: 'Harbour ferry fares frozen',
    standfirst: '',
    slug: 'harbour-ferry-fares-frozen',
    bodySource: 'Fares stay where they are.',
    bodyFormat: 'markdown',
    tags: [],
    authorId: 1,
    status: 'published',
    publishedAt: SAVED_AT,
    featured: false,
  };
}

describe('editConflictOf', () => {
  it('lets a form typed over the latest revision through', () => {
    expect(editConflictOf({ base: 12, latest: revision(12, ROSA, 'Rosa Li'), actorId: ME })).toBeNull();
  });

  it('names who saved a newer revision, and both revisions to compare', () => {
    expect(editConflictOf({ base: 11, latest: revision(12, ROSA, 'Rosa Li'), actorId: ME })).toEqual({
      savedBy: 'Rosa Li',
      savedByYou: false,
      savedAt: SAVED_AT,
      baseRevisionId: 11,
      latestRevisionId: 12,
    });
  });

  it('tells the user when the newer revision is their own', () => {
    expect(editConflictOf({ base: 11, latest: revision(12, ME, 'Me'), actorId: ME })).toMatchObject({ savedByYou: true });
  });

  it('takes a base naming no revision (empty or malformed in the form) for a form opened before any revision', () => {
    expect(editConflictOf({ base: null, latest: revision(12, null, null), actorId: ME })).toMatchObject({
      savedBy: null,
      baseRevisionId: null,
    });
    expect(editConflictOf({ base: null, latest: revision(12, ROSA, 'Rosa Li'), actorId: ME })).toMatchObject({
      baseRevisionId: null,
    });
  });

  it('checks nothing for a form that names no base, or an article without revisions', () => {
    expect(editConflictOf({ base: undefined, latest: revision(12, ROSA, 'Rosa Li'), actorId: ME })).toBeNull();
    expect(editConflictOf({ base: null, latest: null, actorId: ME })).toBeNull();
  });
});
