import { describe, expect, it } from 'vitest';
import { commentTokens, countLinks, linkHosts, MAX_TOKENS_PER_COMMENT, wordTokens } from './tokens.ts';

describe('tokens', () => {
  it('splits Latin text into lowercased words and Chinese into character pairs', () => {
    expect(wordTokens('The Tunnel’s tolls, at NIGHT!')).toEqual(['the', 'tunnel’s', 'tolls', 'at', 'night']);
    expect(wordTokens('隧道收费')).toEqual(['隧道', '道收', '收费']);
    expect(wordTokens('Mixed 中文 text')).toEqual(['中文', 'mixed', 'text']);
    expect(wordTokens('かな と 한국어')).toEqual(['かな', 'と', '한국', '국어']);
  });

  it('finds link hosts in text, without www, and counts the website as a link', () => {
    expect(linkHosts('see https://www.Example.org/a?b and www.news.example/x')).toEqual(['example.org', 'news.example']);
    expect(countLinks({ body: 'http://a.example http://b.example', name: '', email: '', website: 'https://c.example' })).toBe(3);
  });

  it('adds link, site, email and link-count tokens, each once', () => {
    const tokens = commentTokens({
      body: 'Visit http://spam.example twice http://spam.example',
      name: 'Bot',
      email: 'x@mail.example',
      website: 'https://site.example/',
    });
    expect(tokens).toEqual(
      expect.arrayContaining(['links:3', 'link:spam.example', 'site:site.example', 'email:mail.example', 'name:bot', 'visit', 'twice']),
    );
    expect(tokens.filter((t) => t === 'link:spam.example')).toHaveLength(1);
  });

  it('bounds the tokens of one comment, whatever its length', () => {
    const body = Array.from({ length: 5000 }, (_, i) => `w${i}`).join(' ');
    expect(commentTokens({ body, name: '', email: '', website: null })).toHaveLength(MAX_TOKENS_PER_COMMENT);
  });
});
