import { describe, expect, it } from 'vitest';
import { ValidationError } from '../shared/errors.ts';
import { canonicalTimeZone, timeZoneChoices } from '../shared/locale.ts';
import { checkSiteSettings, siteSettingsFrom, type SiteSettingsForm } from './site-settings.ts';

const defaults = { title: 'The Harbour Ledger', description: 'News from the harbour.', language: 'en', timeZone: 'Asia/Hong_Kong' };
const valid: SiteSettingsForm = {
  ...defaults,
  commentPolicy: 'hold_all',
  closeCommentsAfterDays: '14',
  commentsPerPage: '50',
  commentOrder: 'oldest',
  feedContent: 'excerpt',
};

function problems(changes: Partial<SiteSettingsForm>): Record<string, string> {
  try {
    checkSiteSettings({ ...valid, ...changes });
    return {};
  } catch (error) {
    if (error instanceof ValidationError) return { ...error.fields };
    throw error;
  }
}

describe('checkSiteSettings', () => {
  it('canonicalises the language and time zone and reads the days as a number', () => {
    expect(checkSiteSettings({ ...valid, language: 'zh-hant', timeZone: 'asia/hong_kong', closeCommentsAfterDays: '' })).toEqual({
      ...valid,
      language: 'zh-Hant',
      timeZone: 'Asia/Hong_Kong',
      closeCommentsAfterDays: 0,
      commentsPerPage: 50,
    });
  });

  it('reports every problem beside its field at once', () => {
    expect(
      problems({ title: ' ', language: 'not a language', timeZone: 'Moon/Base', commentPolicy: 'maybe', closeCommentsAfterDays: '-3' }),
    ).toEqual({
      title: expect.stringMatching(/title/) as string,
      language: expect.stringMatching(/language tag/) as string,
      timeZone: expect.stringMatching(/time zone/) as string,
      commentPolicy: expect.stringMatching(/comment policies/) as string,
      closeCommentsAfterDays: expect.stringMatching(/whole number/) as string,
    });
    expect(problems({ closeCommentsAfterDays: '2.5' })).toHaveProperty('closeCommentsAfterDays');
  });

  it('takes 1 to 200 conversations a page, oldest or newest first', () => {
    expect(checkSiteSettings({ ...valid, commentsPerPage: ' 200 ', commentOrder: 'newest' })).toMatchObject({
      commentsPerPage: 200,
      commentOrder: 'newest',
    });
    for (const perPage of ['0', '201', '2.5', '', 'ten', '-1']) {
      expect(problems({ commentsPerPage: perPage }), perPage).toEqual({
        commentsPerPage: 'Enter a whole number of conversations from 1 to 200',
      });
    }
    expect(problems({ commentOrder: 'random' })).toEqual({ commentOrder: 'Choose which comments come first' });
  });
});

describe('siteSettingsFrom', () => {
  it('uses the defaults for what is not stored: comments held for first-time commenters, never closed by age, 50 conversations a page, oldest first', () => {
    expect(siteSettingsFrom({}, defaults)).toEqual({
      ...defaults,
      commentPolicy: 'hold_first_time',
      closeCommentsAfterDays: 0,
      commentsPerPage: 50,
      commentOrder: 'oldest',
      feedContent: 'full',
    });
  });

  it('prefers stored values, but falls back to the default for one that no longer passes the checks', () => {
    const settings = siteSettingsFrom(
      { 'site.title': 'The Courier', 'site.timeZone': 'Nowhere/Town', 'site.closeCommentsAfterDays': '7' },
      defaults,
    );
    expect(settings).toMatchObject({ title: 'The Courier', timeZone: 'Asia/Hong_Kong', closeCommentsAfterDays: 7 });
  });
});

describe('time zones', () => {
  it('offers UTC first among the IANA zones, and accepts every zone it offers', () => {
    const zones = timeZoneChoices();
    expect(zones[0]).toBe('UTC');
    expect(zones).toContain('Europe/London');
    expect(zones.every((zone) => canonicalTimeZone(zone) !== null)).toBe(true);
    expect(canonicalTimeZone('')).toBeNull();
  });
});
