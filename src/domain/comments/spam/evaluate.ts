import { MemoryCounts, scoreTokens } from './bayes.ts';
import { commentTokens, type CommentText } from './tokens.ts';
import type { TrainingLabel } from './repository.ts';

/** One comment of a labelled set: what a moderator decided it was. */
export interface LabelledComment extends CommentText {
  readonly label: TrainingLabel;
}

/** How well the filter flags spam at one threshold: of what it flagged, how much was spam (precision); of the spam, how much it flagged (recall). */
export interface FilterQuality {
  readonly threshold: number;
  readonly precision: number;
  readonly recall: number;
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
}

/**
 * k-fold cross-validation of the learning filter: each comment is scored by a filter trained on
 * the other folds only (comment i is in fold i mod k, so the split is the same on every run).
 * Measured at each threshold given, scores as 0 to 100.
 */
export function crossValidate(items: readonly LabelledComment[], folds: number, thresholds: readonly number[]): FilterQuality[] {
  const tokens = items.map((item) => commentTokens(item));
  const scores: number[] = new Array<number>(items.length);
  for (let fold = 0; fold < folds; fold++) {
    const counts = new MemoryCounts();
    items.forEach((item, i) => {
      if (i % folds !== fold) counts.learn(tokens[i]!, item.label);
    });
    items.forEach((_, i) => {
      if (i % folds === fold) scores[i] = scoreTokens(tokens[i]!, counts).score * 100;
    });
  }
  return thresholds.map((threshold) => {
    let truePositives = 0;
    let falsePositives = 0;
    let falseNegatives = 0;
    items.forEach((item, i) => {
      const flagged = scores[i]! >= threshold;
      if (flagged && item.label === 'spam') truePositives++;
      else if (flagged) falsePositives++;
      else if (item.label === 'spam') falseNegatives++;
    });
    return {
      threshold,
      precision: truePositives + falsePositives === 0 ? 1 : truePositives / (truePositives + falsePositives),
      recall: truePositives + falseNegatives === 0 ? 1 : truePositives / (truePositives + falseNegatives),
      truePositives,
      falsePositives,
      falseNegatives,
    };
  });
}
