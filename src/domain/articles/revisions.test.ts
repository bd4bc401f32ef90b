import { describe, expect, it } from 'vitest';
import type { ArticleRevision } from '../shared/model.ts';
import { diffRevisions } from './revisions.ts';

function revision(overrides: Partial<ArticleRevision>): ArticleRevision {
  return {
    id: 1,
    articleId: 1,
    userId: 1,
    userName: 'Ada',
    createdAt: new Date('2026-11-25T09:00:00Z'),
    headline: 'Ferry fares frozen',
    standfirst: 'Until summer.',
    slug: 'ferry-fares-frozen',
    bodySource: 'The ferry runs at nine.\n\nFares stay.',
    bodyFormat: 'markdown',
    tags: ['Transport', 'Harbour'],
    authorId: 1,
    status: 'draft',
    publishedAt: null,
    featured: false,
    ...overrides,
  };
}

describe('diffRevisions', () => {
  it('marks the words removed and added, and says which fields did not change', () => {
    const changes = diffRevisions(
      revision({}),
      revision({ headline: 'Ferry fares cut', bodySource: 'The ferry runs at ten.\n\nFares stay.' }),
    );
    const byField = Object.fromEntries(changes.map((change) => [change.field, change.parts]));
    expect(byField.headline).toEqual([
      { text: 'Ferry fares ', change: 'same' },
      { text: 'frozen', change: 'removed' },
      { text: 'cut', change: 'added' },
    ]);
    expect(byField.body?.filter((part) => part.change !== 'same')).toEqual([
      { text: 'nine', change: 'removed' },
      { text: 'ten', change: 'added' },
    ]);
    expect(byField.standfirst).toBeNull();
    expect(byField.tags).toBeNull();
  });

  it('compares tags as whole names, in order', () => {
    const [, , tags] = diffRevisions(revision({}), revision({ tags: ['Transport', 'Hong Kong'] }));
    expect(tags?.parts).toEqual([
      { text: 'Transport', change: 'same' },
      { text: 'Harbour', change: 'removed' },
      { text: 'Hong Kong', change: 'added' },
    ]);
  });
});
