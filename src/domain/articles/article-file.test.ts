import { describe, expect, it } from 'vitest';
import { parseArticleFile } from './article-file.ts';
import { ValidationError } from '../shared/errors.ts';

function problemsOf(text: string): ValidationError {
  try {
    parseArticleFile(text);
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected the file to be refused');
}

describe('parseArticleFile', () => {
  it('reads every front matter key and the Markdown body', () => {
    const submission = parseArticleFile(
      [
        '---',
        'title: Night buses return to the island routes',
        'standfirst: Four routes come back after two years.',
        'tags: [Transport, HKSAR]',
        'author: Daniel Okafor',
        'date: 2026-11-20T08:30:00+08:00',
        'slug: night-buses-return',
        'status: published',
        'language: en-GB',
        '---',
        '',
        'First paragraph.',
        '',
        'Second paragraph.',
      ].join('\n'),
    );
    expect(submission).toEqual({
      headline: 'Night buses return to the island routes',
      standfirst: 'Four routes come back after two years.',
      tags: ['Transport', 'HKSAR'],
      author: 'Daniel Okafor',
      date: new Date('2026-11-20T00:30:00Z'),
      slug: 'night-buses-return',
      status: 'published',
      language: 'en-GB',
      body: 'First paragraph.\n\nSecond paragraph.',
    });
  });

  it('accepts tags as a comma-separated line and defaults the status to published', () => {
    const submission = parseArticleFile('---\ntitle: T\ntags: Economy, Retail , Tourism\nauthor: A\n---\nBody');
    expect(submission.tags).toEqual(['Economy', 'Retail', 'Tourism']);
    expect(submission.status).toBe('published');
  });

  it('refuses a file without front matter, saying what is expected', () => {
    expect(problemsOf('Just a body').form[0]).toMatch(/must start with front matter/);
  });

  it('names the line of a YAML syntax error', () => {
    expect(problemsOf('---\ntitle: ok\ntags: [unclosed\n---\nBody').form[0]).toMatch(/not valid YAML \(front matter line \d+\)/);
  });

  it('reports every bad key at once, each by name', () => {
    const error = problemsOf('---\ntitle: T\nauthor: A\ndate: next tuesday\nstatus: live\ntags: {a: 1}\nheadline: wrong key\n---\nBody');
    expect(Object.keys(error.fields).sort()).toEqual(['date', 'status', 'tags']);
    expect(error.fields.status).toMatch(/draft, scheduled, published/);
    expect(error.form[0]).toMatch(/Unknown front matter key "headline"/);
  });
});
