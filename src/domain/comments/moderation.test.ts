import { describe, expect, it } from 'vitest';
import { historyBeside, statusAfter } from './moderation.ts';

describe('statusAfter', () => {
  it('moves a comment to the status each action names', () => {
    expect(statusAfter('approve', 'pending', undefined)).toBe('approved');
    expect(statusAfter('unapprove', 'approved', undefined)).toBe('pending');
    expect(statusAfter('spam', 'approved', undefined)).toBe('spam');
    expect(statusAfter('trash', 'spam', undefined)).toBe('trash');
  });

  it('restores spam or trash to the status before the latest change, pending when unknown', () => {
    expect(statusAfter('restore', 'trash', 'approved')).toBe('approved');
    expect(statusAfter('restore', 'spam', 'pending')).toBe('pending');
    expect(statusAfter('restore', 'trash', undefined)).toBe('pending');
  });

  it('leaves a comment that is neither spam nor trash as it is on restore', () => {
    expect(statusAfter('restore', 'approved', 'pending')).toBe('approved');
  });
});

describe('historyBeside', () => {
  it('counts the commenter’s other comments, leaving out the one shown', () => {
    expect(historyBeside({ status: 'approved' }, { approved: 3, spam: 1 })).toEqual({ approved: 2, spam: 1 });
    expect(historyBeside({ status: 'spam' }, { approved: 3, spam: 1 })).toEqual({ approved: 3, spam: 0 });
    expect(historyBeside({ status: 'pending' }, undefined)).toEqual({ approved: 0, spam: 0 });
  });
});
