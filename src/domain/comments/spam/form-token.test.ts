import { describe, expect, it } from 'vitest';
import { checkFormToken, FORM_TOKEN_LIFETIME_MS, signFormToken } from './form-token.ts';

const at = new Date('2026-05-01T10:00:00Z');
const later = (ms: number) => new Date(at.getTime() + ms);

describe('form token', () => {
  it('says how old a token this publication signed is', () => {
    const token = signFormToken('secret', 'tolls', at);
    expect(checkFormToken('secret', 'tolls', token, later(4_000))).toEqual({ kind: 'ok', ageMs: 4_000 });
  });

  it('refuses another secret, another article, an edited time, a missing token and an expired one', () => {
    const token = signFormToken('secret', 'tolls', at);
    const [time, mac] = token.split('.');
    expect(checkFormToken('other', 'tolls', token, at).kind).toBe('forged');
    expect(checkFormToken('secret', 'ferries', token, at).kind).toBe('forged');
    expect(checkFormToken('secret', 'tolls', `${(parseInt(time!, 36) - 60_000).toString(36)}.${mac}`, at).kind).toBe('forged');
    expect(checkFormToken('secret', 'tolls', '', at).kind).toBe('missing');
    expect(checkFormToken('secret', 'tolls', 'a.b.c', at).kind).toBe('forged');
    expect(checkFormToken('secret', 'tolls', token, later(FORM_TOKEN_LIFETIME_MS + 1)).kind).toBe('expired');
    expect(checkFormToken('secret', 'tolls', signFormToken('secret', 'tolls', later(60_000)), at).kind).toBe('forged');
  });
});
