import type { TokenCounts } from './bayes.ts';

/** What the learning filter learned a comment as. */
export type TrainingLabel = 'spam' | 'ham';

/**
 * Why a comment was held or marked as spam, or what a check thought of it. `check` names the
 * check: `blocklist`, `links` and `filter` are Broadsheet's own; a second opinion (an outside
 * service such as Akismet) adds its own reason under its own name with `addReasons`.
 */
export interface SpamReason {
  readonly check: string;
  readonly detail: string;
}

/** What the checks concluded about a comment when it arrived. */
export interface Screening {
  /** The learning filter's score, 0 to 1; null when the comment was not scored (staff, imported). */
  readonly score: number | null;
  readonly reasons: readonly SpamReason[];
}

/** What the spam checks read and write besides the comments themselves. */
export interface SpamRepository {
  /** The filter's totals, and the counts of these tokens (absent when never seen). */
  tokenCounts(tokens: readonly string[]): Promise<TokenCounts>;
  /** Learns (`by` 1) or unlearns (`by` -1) one comment's distinct tokens under `label`. */
  learn(label: TrainingLabel, tokens: readonly string[], by: 1 | -1): Promise<void>;
  /** What each of these comments was learned as, for those learned at all. */
  trainedLabels(ids: readonly number[]): Promise<Map<number, TrainingLabel>>;
  setTrainedLabel(commentId: number, label: TrainingLabel | null): Promise<void>;
  /** Adds reasons after the fact: a second opinion that arrives later. */
  addReasons(commentId: number, reasons: readonly SpamReason[]): Promise<void>;
  screeningsOf(ids: readonly number[]): Promise<Map<number, Screening>>;
  countFromEmailSince(email: string, since: Date): Promise<number>;
  /**
   * Whether a comment with this body key came from the same email or address, on the same article
   * at any time, or on any article since `since`.
   */
  hasDuplicate(query: { bodyKey: string; email: string; clientAddressHash: string; articleId: number; since: Date }): Promise<boolean>;
}
