import type { LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach } from 'vitest';
import type { StaffUser } from '../../src/domain/shared/model.ts';
import { startTestSite, type TestSite } from './app.ts';
import { staffAgent, type Agent } from './staff.ts';

/** The newsroom's time zone in the article editor's tests; scheduled times are typed in it. */
export const ZONE = 'Asia/Hong_Kong';

/** A fresh site for each test, and an editor signed in to it. Set by `useEditorSite`. */
export let site: TestSite;
export let editor: Agent;
export let editorUser: StaffUser;

/** Starts a fresh site before each test of the calling file, with `editor` signed in, and closes it after. */
export function useEditorSite(): void {
  beforeEach(async () => {
    site = await startTestSite({ env: { SITE_TIMEZONE: ZONE } });
    ({ agent: editor, user: editorUser } = await staffAgent(site, 'editor'));
  });
  afterEach(() => site.close());
}

export const store = () => site.runtime.deps.store;
export const articleIdOf = (res: LightMyRequestResponse) => Number(/^\/admin\/articles\/(\d+)$/.exec(res.headers.location as string)?.[1]);
export const stored = async (id: number) => (await store().articles.findById(id))!;
export const publicPage = (slug: string) => site.app.inject({ method: 'GET', url: `/articles/${encodeURIComponent(slug)}` });
export const fieldError = (html: string, field: string) =>
  new RegExp(`<span class="field-error" id="${field}-error">([^<]*)</span>`).exec(html)?.[1];
export const inputValue = (html: string, name: string) => new RegExp(`<input[^>]* name="${name}"[^>]* value="([^"]*)"`).exec(html)?.[1];
export const textareaValue = (html: string, name: string) =>
  new RegExp(`<textarea[^>]* name="${name}"[^>]*>([^<]*)</textarea>`).exec(html)?.[1];

/** The editor form's fields for one ordinary article; override any of them. */
export function articleFields(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    headline: 'Harbour ferry fares frozen',
    standfirst: 'The operator holds prices until summer.',
    slug: '',
    body: 'Fares stay where they are.\n\nThe council welcomed it.',
    tags: 'Transport, Harbour',
    publishedAt: '',
    language: '',
    intent: 'draft',
    ...overrides,
  };
}

/** Posts the new-article form from the editor, as a browser would. */
export async function create(agent: Agent, overrides: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  await agent.get('/admin/articles/new');
  return agent.post('/admin/articles', articleFields(overrides));
}

/** Posts an article's editor form with its stored values and the given changes. */
export async function update(agent: Agent, id: number, overrides: Record<string, string>): Promise<LightMyRequestResponse> {
  const page = await agent.get(`/admin/articles/${id}`);
  const current: Record<string, string> = {};
  for (const name of ['headline', 'slug', 'tags', 'publishedAt', 'language', 'authorId', 'baseRevision']) {
    current[name] =
      name === 'authorId' ? (/<option value="(\d+)" selected/.exec(page.body)?.[1] ?? '') : (inputValue(page.body, name) ?? '');
  }
  const article = await stored(id);
  return agent.post(`/admin/articles/${id}`, {
    ...current,
    standfirst: article.standfirst,
    body: article.bodySource,
    ...(article.featured ? { featured: 'on' } : {}),
    ...overrides,
  });
}
