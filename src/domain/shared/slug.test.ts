import { describe, expect, it } from 'vitest';
import { isValidSlug, nameKey, slugify, uniqueSlug } from './slug.ts';

describe('slugify', () => {
  it('turns a headline into lower-case words joined by hyphens', () => {
    expect(slugify('Harbour ferry fares frozen, again!')).toBe('harbour-ferry-fares-frozen-again');
  });

  it('folds Latin accents and drops apostrophes', () => {
    expect(slugify('Tomás’s café won’t close')).toBe('tomass-cafe-wont-close');
  });

  it('keeps Chinese headlines readable rather than emptying them', () => {
    expect(slugify('大灣區青年濕地計劃擴展')).toBe('大灣區青年濕地計劃擴展');
    expect(slugify('GBA 青年 programme')).toBe('gba-青年-programme');
  });

  it('cuts long slugs at a word boundary', () => {
    const slug = slugify('word '.repeat(40), 30);
    expect(slug.length).toBeLessThanOrEqual(30);
    expect(slug).not.toMatch(/-$/);
  });

  it('gives an empty slug for text without letters or digits', () => {
    expect(slugify('!!! ???')).toBe('');
  });
});

describe('isValidSlug', () => {
  it('accepts slugify output and refuses spaces, capitals and stray hyphens', () => {
    expect(isValidSlug('harbour-fares-2026')).toBe(true);
    expect(isValidSlug('大灣區-融合')).toBe(true);
    for (const bad of ['Harbour', 'two words', '-lead', 'trail-', 'double--hyphen', '']) expect(isValidSlug(bad)).toBe(false);
  });
});

describe('nameKey', () => {
  it('treats names differing only in case and spacing as the same', () => {
    expect(nameKey('  Hong   Kong ')).toBe(nameKey('hong kong'));
  });
});

describe('uniqueSlug', () => {
  it('numbers the slug until it is free', async () => {
    const taken = new Set(['budget', 'budget-2']);
    await expect(uniqueSlug('budget', async (s) => taken.has(s))).resolves.toBe('budget-3');
    await expect(uniqueSlug('weather', async (s) => taken.has(s))).resolves.toBe('weather');
  });
});
