import { describe, expect, it } from 'vitest';
import { EMAIL_MAX_LENGTH, isEmailAddress } from './email.ts';

describe('isEmailAddress', () => {
  it('accepts an address with a dotted domain', () => {
    expect(isEmailAddress('ada@example.com')).toBe(true);
    expect(isEmailAddress('ada.lovelace+news@mail.example.co.uk')).toBe(true);
  });

  it('refuses what is no address', () => {
    for (const text of [
      'ada',
      'ada@',
      'ada@example',
      'ada@@example.com',
      'a da@example.com',
      'ada@example..com',
      'ada@.com',
      'ada@example.com.',
    ]) {
      expect(isEmailAddress(text), text).toBe(false);
    }
  });

  it('refuses an address longer than the limit, however well-formed', () => {
    const longest = `${'a'.repeat(EMAIL_MAX_LENGTH - 'example.com'.length - 1)}@example.com`;
    expect(isEmailAddress(longest)).toBe(true);
    expect(isEmailAddress(`a${longest}`)).toBe(false);
    expect(isEmailAddress('ada@example.com', 10)).toBe(false);
  });
});
