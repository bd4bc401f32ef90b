import { describe, expect, it } from 'vitest';
import { MemoryCounts, MIN_TRAINED_EACH, scoreTokens, tokenProbability } from './bayes.ts';

describe('naive Bayes', () => {
  it('is neutral until it has learned enough of each kind', () => {
    const counts = new MemoryCounts();
    for (let i = 0; i < MIN_TRAINED_EACH; i++) counts.learn(['casino'], 'spam');
    for (let i = 0; i < MIN_TRAINED_EACH - 1; i++) counts.learn(['tunnel'], 'ham');
    expect(scoreTokens(['casino'], counts)).toEqual({ score: 0.5, trained: false, evidence: [] });
  });

  it('scores spammy tokens high and legitimate ones low, naming the strongest', () => {
    const counts = new MemoryCounts();
    for (let i = 0; i < 10; i++) {
      counts.learn(['casino', 'bonus', `spam${i}`], 'spam');
      counts.learn(['tunnel', 'toll', `ham${i}`], 'ham');
    }
    const spam = scoreTokens(['casino', 'bonus', 'unknown'], counts);
    expect(spam.score).toBeGreaterThan(0.95);
    expect(spam.evidence.map((e) => e.token)).toEqual(['bonus', 'casino']);
    expect(scoreTokens(['tunnel', 'toll'], counts).score).toBeLessThan(0.05);
    expect(scoreTokens(['never-seen'], counts).score).toBe(0.5);
  });

  it('keeps a rarely seen token near neutral', () => {
    expect(tokenProbability(1, 0, { spamDocs: 100, hamDocs: 100 })).toBeLessThan(0.9);
    expect(tokenProbability(50, 0, { spamDocs: 100, hamDocs: 100 })).toBeGreaterThan(0.98);
  });
});
