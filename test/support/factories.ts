import { publishArticle, type ArticleSubmission } from '../../src/domain/articles/articles.ts';
import type { Article } from '../../src/domain/shared/model.ts';
import type { Deps } from '../../src/domain/store.ts';
import { consoleOperator } from '../../src/domain/shared/policy.ts';

let counter = 0;

/** Publishes a valid article; override any part of the submission. */
export async function buildArticle(deps: Deps, overrides: Partial<ArticleSubmission> = {}): Promise<Article> {
  counter++;
  const { article } = await publishArticle(deps, {
    actor: consoleOperator,
    submission: {
      headline: `Test article number ${counter}`,
      standfirst: 'A short summary for the test.',
      body: 'First paragraph of the test article.\n\nSecond paragraph of the test article.',
      tags: ['Testing'],
      author: 'Test Writer',
      status: 'published',
      date: new Date(deps.clock.now().getTime() - 60_000),
      ...overrides,
    },
  });
  return article;
}

/** A URL-encoded form body, as a browser would send it. */
export function form(fields: Record<string, string>): { payload: string; headers: Record<string, string> } {
  return { payload: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
}

/** The newsroom settings form as the demo publication fills it: a test posts it with the fields it changes. */
export const SETTINGS_FORM = {
  title: 'The Harbour Ledger',
  description: 'News, analysis and debate from the harbour city.',
  language: 'en',
  timeZone: 'UTC',
  commentPolicy: 'hold_first_time',
  closeCommentsAfterDays: '0',
  feedContent: 'full',
};
