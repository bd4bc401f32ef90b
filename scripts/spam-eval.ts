/**
 * Measures the learning filter on the labelled comments in test/fixtures/spam/labelled.jsonl:
 * 10-fold cross-validation, precision and recall at the default hold and spam thresholds.
 * `npm run spam:eval`; the figures are recorded in README.md (Spam defence).
 */
import fs from 'node:fs';
import { crossValidate, type LabelledComment } from '../src/domain/comments/spam/evaluate.ts';
import { DEFAULT_SPAM_SETTINGS } from '../src/domain/comments/spam/settings.ts';

export const LABELLED_SET = new URL('../test/fixtures/spam/labelled.jsonl', import.meta.url);

/** The labelled set, as the filter reads comments. */
export function readLabelledSet(): LabelledComment[] {
  return fs
    .readFileSync(LABELLED_SET, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => {
      const raw = JSON.parse(line) as { label: 'spam' | 'ham'; name: string; email: string; website: string; body: string };
      return { label: raw.label, name: raw.name, email: raw.email, website: raw.website || null, body: raw.body };
    });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const items = readLabelledSet();
  const spam = items.filter((item) => item.label === 'spam').length;
  console.log(`${items.length} labelled comments (${spam} spam, ${items.length - spam} legitimate), 10-fold cross-validation`);
  const { holdScore, spamScore } = DEFAULT_SPAM_SETTINGS;
  for (const q of crossValidate(items, 10, [holdScore, spamScore])) {
    const pct = (n: number) => `${(n * 100).toFixed(1)}%`;
    console.log(
      `score >= ${q.threshold}: precision ${pct(q.precision)}, recall ${pct(q.recall)} (${q.truePositives} spam caught, ${q.falsePositives} legitimate flagged, ${q.falseNegatives} spam missed)`,
    );
  }
}
