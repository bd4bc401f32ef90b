import { describe, expect, it } from 'vitest';
import { LEGACY_ADDRESS_MAX_LENGTH, legacyPathKey } from './legacy-paths.ts';

describe('legacyPathKey', () => {
  it('keeps the path of a permalink, without host or trailing slash', () => {
    expect(legacyPathKey('https://old.example.com/2024/05/harbour-swim/')).toBe('/2024/05/harbour-swim');
    expect(legacyPathKey('/2024/05/Harbour-Swim')).toBe('/2024/05/harbour-swim');
  });

  it('reduces the ?p= and ?page_id= forms to the id, whatever else the query holds', () => {
    expect(legacyPathKey('https://old.example.com/?p=0123')).toBe('?p=123');
    expect(legacyPathKey('/index.php?utm_source=x&page_id=9')).toBe('?page_id=9');
  });

  it('decodes percent-escapes so a Chinese slug matches however it was written', () => {
    expect(legacyPathKey('/%E5%A4%A7%E7%81%A3%E5%8D%80/')).toBe('/大灣區');
    expect(legacyPathKey('/%e5%a4%a7%e7%81%a3%e5%8d%80')).toBe('/大灣區');
  });

  it('has no key for the site root', () => {
    expect(legacyPathKey('https://old.example.com/')).toBeNull();
    expect(legacyPathKey('/?s=search')).toBeNull();
  });

  it('refuses an address longer than any permalink before parsing it', () => {
    expect(legacyPathKey(`/${'/'.repeat(15_000)}x`)).toBeNull();
    expect(legacyPathKey(`/${'a'.repeat(LEGACY_ADDRESS_MAX_LENGTH)}`)).toBeNull();
    const longest = `/${'a'.repeat(LEGACY_ADDRESS_MAX_LENGTH - 1)}`;
    expect(legacyPathKey(longest)).toBe(longest);
  });

  it('drops any number of trailing slashes', () => {
    expect(legacyPathKey(`/harbour-swim${'/'.repeat(2000)}`)).toBe('/harbour-swim');
    expect(legacyPathKey('/'.repeat(2000))).toBeNull();
  });
});
