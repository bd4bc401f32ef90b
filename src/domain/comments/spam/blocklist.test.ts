import { describe, expect, it } from 'vitest';
import { checkBlocklistLines, blocklistLines, domainOf, matchBlocklist } from './blocklist.ts';

const subject = { body: '', name: 'A Reader', email: 'a@example.com', website: null, clientAddress: '203.0.113.9' };

describe('blocklist', () => {
  it('reads one entry a line, and names the first wrong one', () => {
    expect(blocklistLines(' casino \r\n\n casino\nslots')).toEqual(['casino', 'slots']);
    expect(checkBlocklistLines('addresses', ['192.0.2.0/24', '::1', '2001:db8::/129'])).toBe(
      'Line 3 (“2001:db8::/129”): not an address or a range such as 192.0.2.0/24 or 2001:db8::/32.',
    );
    expect(checkBlocklistLines('domains', ['*.spam.example', '@mail.example', 'EXAMPLE.org'])).toBeUndefined();
    expect(checkBlocklistLines('domains', ['http://x.example/'])).toMatch(/^Line 1/);
    expect(domainOf('Bücher.example')).toBe('xn--bcher-kva.example');
  });

  it('matches addresses and ranges, an IPv4 client on a dual-stack socket too', () => {
    const list = { words: [], domains: [], addresses: ['203.0.113.0/24'] };
    expect(matchBlocklist(list, subject)).toContain('203.0.113.0/24');
    expect(matchBlocklist(list, { ...subject, clientAddress: '::ffff:203.0.113.9' })).toContain('203.0.113.0/24');
    expect(matchBlocklist(list, { ...subject, clientAddress: '198.51.100.1' })).toBeNull();
  });

  it('matches whole words in any case, and CJK words anywhere', () => {
    const list = { words: ['sex', '赌场'], domains: [], addresses: [] };
    expect(matchBlocklist(list, { ...subject, body: 'Essex council' })).toBeNull();
    expect(matchBlocklist(list, { ...subject, body: 'Free SEX chat' })).toContain('(sex)');
    expect(matchBlocklist(list, { ...subject, name: '线上赌场' })).toContain('(赌场)');
  });

  it('matches domains and their subdomains in the email, the website and links', () => {
    const list = { words: [], addresses: [], domains: ['spam.example'] };
    expect(matchBlocklist(list, { ...subject, body: 'http://www.shop.spam.example/x' })).toContain('link domain shop.spam.example');
    expect(matchBlocklist(list, { ...subject, body: 'notspam.example' })).toBeNull();
  });
});
