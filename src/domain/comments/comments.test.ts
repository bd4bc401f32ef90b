import { describe, expect, it } from 'vitest';
import {
  buildCommentThread,
  checkCommentFields,
  COMMENT_MESSAGES,
  findInThread,
  isCommentingOpen,
  statusOfNewComment,
} from './comments.ts';
import { ValidationError } from '../shared/errors.ts';
import { renderCommentBody } from '../shared/markdown.ts';
import type { Comment } from '../shared/model.ts';

function fieldErrors(input: { name?: string; email?: string; website?: string; body?: string }): Record<string, string> {
  try {
    checkCommentFields({ name: 'Ada', email: 'ada@example.com', website: '', body: 'Hello', ...input });
    return {};
  } catch (error) {
    if (error instanceof ValidationError) return { ...error.fields };
    throw error;
  }
}

describe('checkCommentFields', () => {
  it('gives the exact messages readers know for an empty comment, name and a bad email', () => {
    expect(fieldErrors({ body: '  ', name: '', email: 'not-an-email' })).toEqual({
      body: 'Please enter your comment!',
      name: 'Please enter your name here',
      email: 'You have entered an incorrect email address!',
    });
  });

  it('refuses an empty email with the incorrect-address message', () => {
    expect(fieldErrors({ email: '' })).toEqual({ email: COMMENT_MESSAGES.emailInvalid });
  });

  it('accepts a website without a scheme and refuses one that is not a web address', () => {
    expect(checkCommentFields({ name: 'A', email: 'a@example.com', website: 'example.org/me', body: 'x' }).website).toBe(
      'https://example.org/me',
    );
    expect(fieldErrors({ website: 'javascript:alert(1)' })).toHaveProperty('website');
    expect(fieldErrors({ website: 'not a site' })).toHaveProperty('website');
  });

  it('normalises the email and trims the text', () => {
    expect(checkCommentFields({ name: '  Ada   Lovelace ', email: ' Ada@Example.COM ', website: '', body: '\r\nHi\r\n' })).toEqual({
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      website: null,
      body: 'Hi',
    });
  });

  it('refuses a comment over the length limit, saying how long it is', () => {
    expect(fieldErrors({ body: 'x'.repeat(5001) }).body).toMatch(/5,001 characters/);
  });
});

describe('renderCommentBody', () => {
  it('makes paragraphs and line breaks, and links URLs without passing on ranking', () => {
    const html = renderCommentBody('First line\nsecond line\n\nSee https://example.org/report for more');
    expect(html).toContain('<p>First line<br>\nsecond line</p>');
    expect(html).toContain('<a href="https://example.org/report" rel="nofollow ugc noopener">https://example.org/report</a>');
  });

  it('never lets reader HTML or Markdown through', () => {
    const html = renderCommentBody('<script>alert(1)</script> <img src=x onerror=alert(1)> **bold** [link](javascript:alert(1))');
    expect(html).not.toMatch(/<script|<img|<strong|href="javascript/);
    expect(html).toContain('&lt;script&gt;');
  });
});

function comment(id: number, parentId: number | null, minute: number): Comment {
  return {
    id,
    articleId: 1,
    parentId,
    depth: 1,
    authorName: `Reader ${id}`,
    authorEmail: `r${id}@example.com`,
    authorUrl: null,
    bodySource: 'x',
    bodyHtml: '<p>x</p>',
    status: 'approved',
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, minute)),
    clientAddressHash: 'h',
    userAgent: '',
    staffUserId: null,
    editedAt: null,
  };
}

describe('buildCommentThread', () => {
  it('nests replies under their parents, oldest first at each level', () => {
    const thread = buildCommentThread([comment(4, 1, 9), comment(2, null, 5), comment(1, null, 1), comment(3, 1, 3), comment(5, 3, 4)]);
    expect(thread.map((n) => n.comment.id)).toEqual([1, 2]);
    expect(thread[0]!.replies.map((n) => n.comment.id)).toEqual([3, 4]);
    expect(thread[0]!.replies[0]!.replies.map((n) => n.comment.id)).toEqual([5]);
    expect(findInThread(thread, 5)?.authorName).toBe('Reader 5');
  });

  it('shows a reply whose parent is not published at the top level rather than losing it', () => {
    expect(buildCommentThread([comment(7, 99, 1)]).map((n) => n.comment.id)).toEqual([7]);
  });
});

describe('isCommentingOpen', () => {
  const publishedAt = new Date('2026-01-01T00:00:00Z');
  const daysLater = (days: number) => new Date(publishedAt.getTime() + days * 86_400_000);

  it('keeps comments open forever when the site sets no closing age', () => {
    expect(isCommentingOpen({ commentsOpen: true, publishedAt }, { closeCommentsAfterDays: 0 }, daysLater(5000))).toBe(true);
  });

  it('closes comments once the article is the given number of days old', () => {
    const article = { commentsOpen: true, publishedAt };
    expect(isCommentingOpen(article, { closeCommentsAfterDays: 14 }, new Date(daysLater(14).getTime() - 1))).toBe(true);
    expect(isCommentingOpen(article, { closeCommentsAfterDays: 14 }, daysLater(14))).toBe(false);
  });

  it('keeps an article closed by an editor closed, whatever its age', () => {
    expect(isCommentingOpen({ commentsOpen: false, publishedAt }, { closeCommentsAfterDays: 0 }, publishedAt)).toBe(false);
  });
});

describe('statusOfNewComment', () => {
  it('follows the site policy, holding only unknown commenters by default', () => {
    expect(statusOfNewComment('hold_first_time', false)).toBe('pending');
    expect(statusOfNewComment('hold_first_time', true)).toBe('approved');
    expect(statusOfNewComment('hold_all', true)).toBe('pending');
    expect(statusOfNewComment('publish_all', false)).toBe('approved');
  });
});
