import { describe, expect, it } from 'vitest';
import { cjkRuns, highlightPieces, MARK_END, MARK_START, MAX_TERMS, parseSearchText } from './search-terms.ts';

const terms = (raw: string) => {
  const parsed = parseSearchText(raw);
  return parsed.kind === 'terms' ? parsed.terms : parsed.kind;
};

describe('parseSearchText', () => {
  it('reads words lower-cased, without punctuation or query syntax', () => {
    expect(terms('Ferry FARES, rising!')).toEqual({ words: [['ferry'], ['fares'], ['rising']], cjk: [] });
    expect(terms('NEAR(ferry* OR "fares')).toEqual({ words: [['near'], ['ferry'], ['fares']], cjk: [] });
    expect(terms("'; DROP TABLE articles; --")).toEqual({ words: [['drop'], ['table'], ['articles']], cjk: [] });
  });

  it('keeps quoted phrases together and reads an unpaired quote as a space', () => {
    expect(terms('"housing plan" council')).toEqual({ words: [['housing', 'plan'], ['council']], cjk: [] });
    expect(terms('"housing plan" "council')).toEqual({ words: [['housing', 'plan'], ['council']], cjk: [] });
  });

  it('splits CJK runs from the words around them', () => {
    expect(terms('HKSAR 大灣區')).toEqual({ words: [['hksar']], cjk: ['大灣區'] });
    expect(terms('粵港澳大灣區，青年')).toEqual({ words: [], cjk: ['粵港澳大灣區', '青年'] });
    expect(terms('ＨＫＳＡＲ')).toEqual({ words: [['hksar']], cjk: [] });
  });

  it('drops common words unless nothing else is left', () => {
    expect(terms('the harbour of the city')).toEqual({ words: [['harbour'], ['city']], cjk: [] });
    expect(terms('the')).toEqual({ words: [['the']], cjk: [] });
  });

  it('says when there is nothing to search or too much', () => {
    expect(terms('')).toBe('empty');
    expect(terms(' ?!* "" ')).toBe('empty');
    expect(terms('x'.repeat(5_000))).toBe('too-long');
  });

  it('keeps at most MAX_TERMS terms and counts the rest', () => {
    const parsed = parseSearchText('one two three four five six seven eight nine ten 大灣區');
    expect(parsed).toMatchObject({ kind: 'terms', dropped: 3 });
    if (parsed.kind !== 'terms') return;
    expect(parsed.terms.words.length + parsed.terms.cjk.length).toBe(MAX_TERMS);
    expect(parsed.terms.cjk).toEqual(['大灣區']);
  });
});

describe('cjkRuns', () => {
  it('finds Chinese, Japanese and Korean runs', () => {
    expect(cjkRuns('The 粵港澳大灣區 plan; 東京タワー and 서울')).toEqual(['粵港澳大灣區', '東京タワー', '서울']);
  });
});

describe('highlightPieces', () => {
  it('turns marks into hit pieces and finds CJK terms inside the rest', () => {
    expect(highlightPieces(`${MARK_START}Ferry${MARK_END} to 大灣區 and 灣區`, ['灣區', '大灣區'])).toEqual([
      { text: 'Ferry', hit: true },
      { text: ' to ', hit: false },
      { text: '大灣區', hit: true },
      { text: ' and ', hit: false },
      { text: '灣區', hit: true },
    ]);
  });
});
