import { describe, expect, it } from 'vitest';
import { linkableAddress } from './web-address.ts';

describe('linkableAddress', () => {
  it('keeps absolute http and https addresses', () => {
    expect(linkableAddress(' https://example.com/a?b=1 ')).toBe('https://example.com/a?b=1');
    expect(linkableAddress('HTTP://Example.com')).toBe('HTTP://Example.com');
  });

  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'java\tscript:alert(1)',
    '\u0001javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    '//evil.example/path',
    '/local/path',
    'example.com',
    'http://',
    'mailto:a@example.com',
  ])('refuses %j', (raw) => {
    expect(linkableAddress(raw)).toBeNull();
  });

  it('refuses nothing at all', () => {
    expect(linkableAddress(null)).toBeNull();
    expect(linkableAddress('   ')).toBeNull();
  });
});
