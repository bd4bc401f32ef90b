/**
 * The learning filter: naive Bayes over tokens, combined the way SpamBayes does (Gary Robinson's
 * smoothing of each token's probability, and Fisher's chi-squared combination of them). Pure: the
 * counts come from the newsroom's own decisions, stored in the database (see training.ts).
 */

/** How many spam and legitimate ("ham") comments were learned, in total and per token. */
export interface TokenCounts {
  readonly spamDocs: number;
  readonly hamDocs: number;
  /** Counts of the tokens asked about; a token never seen is absent. */
  readonly tokens: ReadonlyMap<string, { readonly spam: number; readonly ham: number }>;
}

/** One token's pull on the score, for the moderation queue's reasons. */
export interface TokenEvidence {
  readonly token: string;
  /** Between 0 (only in legitimate comments) and 1 (only in spam). */
  readonly spamProbability: number;
}

export interface FilterScore {
  /** Between 0 (legitimate) and 1 (spam); 0.5 when the filter has not learned enough, or the comment says nothing it knows. */
  readonly score: number;
  /** Whether the filter had learned enough to score at all. */
  readonly trained: boolean;
  /** The tokens that pulled hardest, strongest first. */
  readonly evidence: readonly TokenEvidence[];
}

/** The filter scores nothing until it has learned this many comments of each kind: a few decisions say more about chance than about spam. */
export const MIN_TRAINED_EACH = 5;
/** Robinson's prior: an unseen token is neutral, and this much weight keeps a rarely seen one near neutral. */
const PRIOR = 0.5;
const PRIOR_STRENGTH = 0.45;
/** Tokens closer than this to neutral are left out of the combination, as SpamBayes does. */
const MIN_STRENGTH = 0.1;
/** At most this many of the strongest tokens are combined. */
const MAX_DISCRIMINATORS = 150;
const REASONS_SHOWN = 6;

/** The spam probability of a text's distinct tokens, with the tokens that decided it. */
export function scoreTokens(tokens: readonly string[], counts: TokenCounts): FilterScore {
  if (counts.spamDocs < MIN_TRAINED_EACH || counts.hamDocs < MIN_TRAINED_EACH) return { score: 0.5, trained: false, evidence: [] };
  const evidence: TokenEvidence[] = [];
  for (const token of new Set(tokens)) {
    const seen = counts.tokens.get(token);
    if (!seen) continue;
    const probability = tokenProbability(seen.spam, seen.ham, counts);
    if (Math.abs(probability - 0.5) >= MIN_STRENGTH) evidence.push({ token, spamProbability: probability });
  }
  evidence.sort((a, b) => Math.abs(b.spamProbability - 0.5) - Math.abs(a.spamProbability - 0.5) || a.token.localeCompare(b.token));
  const used = evidence.slice(0, MAX_DISCRIMINATORS);
  return { score: combine(used.map((e) => e.spamProbability)), trained: true, evidence: used.slice(0, REASONS_SHOWN) };
}

/** A token's smoothed spam probability from its counts (Robinson's f(w)). */
export function tokenProbability(spam: number, ham: number, counts: Pick<TokenCounts, 'spamDocs' | 'hamDocs'>): number {
  const spamRatio = Math.min(spam / counts.spamDocs, 1);
  const hamRatio = Math.min(ham / counts.hamDocs, 1);
  const raw = spamRatio + hamRatio === 0 ? PRIOR : spamRatio / (spamRatio + hamRatio);
  const seen = spam + ham;
  return (PRIOR_STRENGTH * PRIOR + seen * raw) / (PRIOR_STRENGTH + seen);
}

/** Fisher's combination of token probabilities: near 1 when the spammy evidence dominates, near 0 when the legitimate does. */
function combine(probabilities: readonly number[]): number {
  if (probabilities.length === 0) return 0.5;
  let logHam = 0;
  let logSpam = 0;
  for (const p of probabilities) {
    logHam += Math.log(p);
    logSpam += Math.log(1 - p);
  }
  const spamness = 1 - chiSquaredQ(-2 * logSpam, 2 * probabilities.length);
  const hamness = 1 - chiSquaredQ(-2 * logHam, 2 * probabilities.length);
  return (spamness - hamness + 1) / 2;
}

/** The probability that a chi-squared variable with `degrees` (even) degrees of freedom is at least `x`. */
function chiSquaredQ(x: number, degrees: number): number {
  const m = x / 2;
  let term = Math.exp(-m);
  let sum = term;
  for (let i = 1; i < degrees / 2; i++) {
    term *= m / i;
    sum += term;
  }
  return Math.min(sum, 1);
}

/** Counts kept in memory, for measuring the filter on a labelled set without a database. */
export class MemoryCounts implements TokenCounts {
  spamDocs = 0;
  hamDocs = 0;
  readonly tokens = new Map<string, { spam: number; ham: number }>();

  learn(tokens: readonly string[], label: 'spam' | 'ham'): void {
    if (label === 'spam') this.spamDocs++;
    else this.hamDocs++;
    for (const token of new Set(tokens)) {
      const seen = this.tokens.get(token) ?? { spam: 0, ham: 0 };
      seen[label]++;
      this.tokens.set(token, seen);
    }
  }
}
