import { describe, expect, it } from 'vitest';
import { scheduleForIntent, type SaveIntent } from './editor.ts';
import { Problems, ValidationError } from '../shared/errors.ts';
import type { ArticleStatus } from '../shared/model.ts';

const NOW = new Date('2026-11-25T09:00:00Z');
const HOUR = 3_600_000;
const later = new Date(NOW.getTime() + HOUR);
const earlier = new Date(NOW.getTime() - HOUR);

function outcome(intent: SaveIntent, existing: { status: ArticleStatus; publishedAt: Date | null } | null, typed: Date | null) {
  const problems = new Problems();
  const result = scheduleForIntent(intent, existing, typed, NOW, problems);
  try {
    problems.throwIfAny();
    return result;
  } catch (error) {
    if (error instanceof ValidationError) return { problems: { ...error.fields }, form: [...error.form] };
    throw error;
  }
}

describe('scheduleForIntent', () => {
  it('keeps a draft a draft, with the planned time as typed', () => {
    expect(outcome('draft', null, null)).toEqual({ status: 'draft', publishedAt: null });
    expect(outcome('draft', null, later)).toEqual({ status: 'draft', publishedAt: later });
  });

  it('publishes now whatever time was typed', () => {
    expect(outcome('publish', null, later)).toEqual({ status: 'published', publishedAt: NOW });
    expect(outcome('publish', { status: 'scheduled', publishedAt: later }, later)).toEqual({ status: 'published', publishedAt: NOW });
  });

  it('schedules only for a time to come', () => {
    expect(outcome('schedule', null, later)).toEqual({ status: 'scheduled', publishedAt: later });
    expect(outcome('schedule', null, earlier)).toMatchObject({ problems: { publishedAt: expect.stringContaining('in the future') } });
    expect(outcome('schedule', null, NOW)).toMatchObject({ problems: { publishedAt: expect.stringContaining('in the future') } });
    expect(outcome('schedule', null, null)).toMatchObject({ problems: { publishedAt: expect.stringContaining('Choose the date') } });
  });

  it('updates a public article in place, moving it to scheduled or published by its time', () => {
    expect(outcome('update', { status: 'published', publishedAt: earlier }, null)).toEqual({ status: 'published', publishedAt: earlier });
    expect(outcome('update', { status: 'published', publishedAt: earlier }, later)).toEqual({ status: 'scheduled', publishedAt: later });
    expect(outcome('update', { status: 'scheduled', publishedAt: later }, earlier)).toEqual({ status: 'published', publishedAt: earlier });
  });

  it('refuses to update or unpublish what is not public', () => {
    expect(outcome('update', { status: 'draft', publishedAt: null }, null)).toMatchObject({
      form: [expect.stringContaining('not published yet')],
    });
    expect(outcome('unpublish', null, null)).toMatchObject({ form: [expect.stringContaining('Only a published or scheduled')] });
  });

  it('unpublishes back to a draft, keeping the publication time for later', () => {
    expect(outcome('unpublish', { status: 'published', publishedAt: earlier }, null)).toEqual({ status: 'draft', publishedAt: earlier });
  });
});
