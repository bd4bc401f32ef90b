import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { actorOf } from '../src/domain/shared/policy.ts';
import { addTagAlias, findOrCreateTag, suggestTags } from '../src/domain/tags/tags.ts';
import { startTestSite, type TestSite } from './support/app.ts';
import { buildArticle } from './support/factories.ts';
import { buildStaff, staffAgent } from './support/staff.ts';

let site: TestSite;
beforeEach(async () => {
  site = await startTestSite();
});
afterEach(() => site.close());

describe('suggestTags', () => {
  async function suggest(query: string, limit?: number) {
    const actor = actorOf(await buildStaff(site, 'contributor'));
    return suggestTags(site.runtime.deps, { actor, query, ...(limit !== undefined ? { limit } : {}) });
  }

  it('offers tags whose name or alias starts with the text before those that contain it, ignoring case', async () => {
    const { store } = site.runtime.deps;
    await findOrCreateTag(store, 'Sea Harbour');
    await findOrCreateTag(store, 'Harbour Swim');
    const region = await findOrCreateTag(store, 'Hong Kong Special Administrative Region');
    await addTagAlias(store, region, 'Harbour City');
    await findOrCreateTag(store, 'Ferries');
    expect(await suggest('HARB')).toEqual([
      { name: 'Harbour Swim', slug: 'harbour-swim' },
      { name: 'Hong Kong Special Administrative Region', slug: 'hong-kong-special-administrative-region', alias: 'Harbour City' },
      { name: 'Sea Harbour', slug: 'sea-harbour' },
    ]);
  });

  it('lists a tag once even when its name and several aliases match, under its best match', async () => {
    const { store } = site.runtime.deps;
    const tag = await findOrCreateTag(store, 'Greater Bay Area');
    await addTagAlias(store, tag, 'Greater Bay');
    await addTagAlias(store, tag, 'Bay Area');
    expect(await suggest('bay')).toEqual([{ name: 'Greater Bay Area', slug: 'greater-bay-area', alias: 'Bay Area' }]);
    // At the same rank the tag's own name wins over its alias.
    expect(await suggest('greater')).toEqual([{ name: 'Greater Bay Area', slug: 'greater-bay-area' }]);
  });

  it('matches % and _ literally', async () => {
    const { store } = site.runtime.deps;
    await findOrCreateTag(store, '100% Local');
    await findOrCreateTag(store, '1000 Days');
    await findOrCreateTag(store, 'snake_case');
    await findOrCreateTag(store, 'snakes');
    expect((await suggest('100%')).map((t) => t.name)).toEqual(['100% Local']);
    expect((await suggest('e_c')).map((t) => t.name)).toEqual(['snake_case']);
  });

  it('returns eight suggestions unless asked for another number, and none for blank text', async () => {
    const { store } = site.runtime.deps;
    for (let i = 1; i <= 12; i++) await findOrCreateTag(store, `Topic ${String(i).padStart(2, '0')}`);
    expect(await suggest('topic')).toHaveLength(8);
    expect((await suggest('topic', 3)).map((t) => t.name)).toEqual(['Topic 01', 'Topic 02', 'Topic 03']);
    expect(await suggest('   ')).toEqual([]);
  });
});

describe('/admin/tags', () => {
  it('refuses contributors and authors, on the pages and on a direct POST', async () => {
    const { store } = site.runtime.deps;
    const tag = await findOrCreateTag(store, 'Ferries');
    for (const role of ['contributor', 'author'] as const) {
      const { agent } = await staffAgent(site, role);
      expect((await agent.get('/admin/tags')).statusCode).toBe(403);
      expect((await agent.get('/admin/tags/ferries')).statusCode).toBe(403);
      const create = await agent.post('/admin/tags', { name: `Made by ${role}`, description: '' });
      expect(create.statusCode).toBe(403);
      expect(create.body).toContain('Only editors and administrators can manage tags.');
      expect((await agent.post('/admin/tags/ferries', { name: 'Boats', slug: 'boats', description: '' })).statusCode).toBe(403);
      expect((await agent.post('/admin/tags/ferries/merge', { into: 'Transport' })).statusCode).toBe(403);
      expect(await store.tags.findByNameOrAlias(`Made by ${role}`)).toBeNull();
    }
    expect(await store.tags.findBySlug('ferries')).toEqual(tag);
  });

  it('lists every tag with its slug, section flag, article count and aliases, and filters by name or alias', async () => {
    const { deps } = site.runtime;
    await buildArticle(deps, { tags: ['Transport', 'Ferries'] });
    await buildArticle(deps, { tags: ['Ferries'], status: 'draft' });
    const transport = await findOrCreateTag(deps.store, 'Transport');
    await addTagAlias(deps.store, transport, 'Getting Around');
    const { agent } = await staffAgent(site, 'editor');

    const list = await agent.get('/admin/tags');
    expect(list.statusCode).toBe(200);
    const rows = tableRows(list.body);
    expect(rows).toContainEqual(['Ferries', 'ferries', '', '2', '']);
    expect(rows).toContainEqual(['Transport', 'transport', '', '1', 'Getting Around']);

    const filtered = tableRows((await agent.get('/admin/tags?q=getting')).body);
    expect(filtered.map((row) => row[0])).toEqual(['Transport']);
    expect((await agent.get('/admin/tags?q=nothing-like-this')).body).toContain('0 tags match “nothing-like-this”.');
  });

  it('pages through hundreds of tags fifty at a time', async () => {
    const { store } = site.runtime.deps;
    await store.transaction(async (trx) => {
      for (let i = 1; i <= 120; i++) await findOrCreateTag(trx, `Topic ${String(i).padStart(3, '0')}`);
    });
    const { agent } = await staffAgent(site, 'editor');
    const first = await agent.get('/admin/tags');
    expect(tableRows(first.body)).toHaveLength(50);
    expect(first.body).toContain('href="/admin/tags?page=2"');
    const last = await agent.get('/admin/tags?page=3');
    expect(tableRows(last.body).map((row) => row[0])).toEqual(Array.from({ length: 20 }, (_, i) => `Topic ${101 + i}`));
    expect((await agent.get('/admin/tags?page=4')).statusCode).toBe(404);
  });

  it('creates a tag, and refuses a name another tag or alias has, beside the field, keeping what was typed', async () => {
    const { store } = site.runtime.deps;
    const region = await findOrCreateTag(store, 'Hong Kong');
    await addTagAlias(store, region, 'HKSAR');
    const { agent } = await staffAgent(site, 'editor');
    await agent.get('/admin/tags');

    const created = await agent.post('/admin/tags', { name: '  Night   Markets ', description: 'Stalls after dark.', isSection: 'on' });
    expect(created.statusCode).toBe(303);
    expect(created.headers.location).toBe('/admin/tags/night-markets');
    const page = await agent.get('/admin/tags/night-markets');
    expect(page.body).toContain('Tag “Night Markets” added.');
    expect(await store.tags.findBySlug('night-markets')).toMatchObject({
      name: 'Night Markets',
      description: 'Stalls after dark.',
      isSection: true,
    });

    await agent.get('/admin/tags');
    const duplicate = await agent.post('/admin/tags', { name: 'hong kong', description: 'Kept description' });
    expect(duplicate.statusCode).toBe(422);
    expect(duplicate.body).toContain('<span class="field-error" id="new-name-error">A tag called “Hong Kong” already exists</span>');
    expect(duplicate.body).toMatch(/<input type="text" id="new-name" name="name"[^>]*value="hong kong"/);
    expect(duplicate.body).toMatch(/<textarea id="new-description"[^>]*>Kept description<\/textarea>/);

    const alias = await agent.post('/admin/tags', { name: 'hksar', description: '' });
    expect(alias.statusCode).toBe(422);
    expect(alias.body).toContain('“hksar” is already an alias of the tag “Hong Kong”');
    expect((await agent.post('/admin/tags', { name: '   ', description: '' })).body).toContain('Enter the tag’s name');
  });

  it('renames a tag keeping its slug, and when the slug changes the old address redirects to the new one', async () => {
    const { deps } = site.runtime;
    const article = await buildArticle(deps, { tags: ['Econ'] });
    const { agent } = await staffAgent(site, 'editor');
    await agent.get('/admin/tags/econ');

    const renamed = await agent.post('/admin/tags/econ', { name: 'Economics', slug: 'econ', description: 'Money.' });
    expect(renamed.statusCode).toBe(303);
    expect(renamed.headers.location).toBe('/admin/tags/econ');
    expect(await deps.store.tags.findBySlug('econ')).toMatchObject({ name: 'Economics', description: 'Money.', isSection: false });

    await agent.get('/admin/tags/econ');
    const moved = await agent.post('/admin/tags/econ', { name: 'Economy', slug: 'economy', description: 'Money.', isSection: 'on' });
    expect(moved.headers.location).toBe('/admin/tags/economy');
    const old = await site.app.inject({ method: 'GET', url: '/tag/econ' });
    expect(old.statusCode).toBe(301);
    expect(old.headers.location).toBe('/tag/economy');
    const tagPage = await site.app.inject({ method: 'GET', url: '/tag/economy' });
    expect(tagPage.body).toContain(article.headline);
    expect((await agent.get('/admin/tags/econ')).headers.location).toBe('/admin/tags/economy');
    // The old name now stands for the tag too, so an article tagged "Economics" lands here.
    expect((await deps.store.tags.findByNameOrAlias('Economics'))?.slug).toBe('economy');

    const other = await findOrCreateTag(deps.store, 'Trade');
    await agent.get('/admin/tags/economy');
    const taken = await agent.post('/admin/tags/economy', { name: 'Economy', slug: other.slug, description: '' });
    expect(taken.statusCode).toBe(422);
    expect(taken.body).toContain('<span class="field-error" id="slug-error">Another tag or alias already uses this slug</span>');
    expect(taken.body).toMatch(/id="slug" name="slug"[^>]*value="trade"/);
    const bad = await agent.post('/admin/tags/economy', { name: 'Trade', slug: 'Not A Slug!', description: '' });
    expect(bad.body).toContain('A tag called “Trade” already exists');
    expect(bad.body).toContain('Use lower-case letters, digits and single hyphens');
  });

  it('adds and removes aliases, refusing one that names another tag', async () => {
    const { deps } = site.runtime;
    await findOrCreateTag(deps.store, 'Greater Bay Area');
    await findOrCreateTag(deps.store, 'Hong Kong');
    const { agent } = await staffAgent(site, 'editor');
    await agent.get('/admin/tags/greater-bay-area');

    const added = await agent.post('/admin/tags/greater-bay-area/aliases', { alias: 'GBA' });
    expect(added.statusCode).toBe(303);
    const page = await agent.get('/admin/tags/greater-bay-area');
    expect(page.body).toContain('Alias “GBA” added.');
    expect(page.body).toContain('<input type="hidden" name="alias" value="gba"/>');
    expect((await site.app.inject({ method: 'GET', url: '/tag/gba' })).headers.location).toBe('/tag/greater-bay-area');

    const clash = await agent.post('/admin/tags/greater-bay-area/aliases', { alias: 'Hong Kong' });
    expect(clash.statusCode).toBe(422);
    expect(clash.body).toContain('<span class="field-error" id="alias-error">A tag called “Hong Kong” already exists</span>');
    expect(clash.body).toMatch(/id="alias" name="alias"[^>]*value="Hong Kong"/);

    const removed = await agent.post('/admin/tags/greater-bay-area/aliases/remove', { alias: 'gba' });
    expect(removed.statusCode).toBe(303);
    expect((await agent.get('/admin/tags/greater-bay-area')).body).toContain('Alias “GBA” removed.');
    expect((await site.app.inject({ method: 'GET', url: '/tag/gba' })).statusCode).toBe(404);
    expect(await deps.store.tags.findByNameOrAlias('GBA')).toBeNull();
  });

  it('merges a tag into another: articles keep their tag order without duplicates, and the old address redirects', async () => {
    const { deps } = site.runtime;
    const onlyOld = await buildArticle(deps, { tags: ['Politics', 'LegCo', 'Housing'] });
    const both = await buildArticle(deps, { tags: ['Legislative Council', 'Budget', 'LegCo'] });
    const bothOldFirst = await buildArticle(deps, { tags: ['LegCo', 'Budget', 'Legislative Council'] });
    const draft = await buildArticle(deps, { tags: ['LegCo'], status: 'draft' });
    const legco = await findOrCreateTag(deps.store, 'LegCo');
    await addTagAlias(deps.store, legco, 'Legislature');
    // An old WordPress category address that an import pointed at the tag.
    await deps.store.redirects.put([{ path: '/category/politics/legco', kind: 'tag', id: legco.id }]);
    const { agent } = await staffAgent(site, 'editor');
    await agent.get('/admin/tags/legco');

    const merged = await agent.post('/admin/tags/legco/merge', { into: 'legislative council' });
    expect(merged.statusCode).toBe(303);
    expect(merged.headers.location).toBe('/admin/tags/legislative-council');
    const target = await agent.get('/admin/tags/legislative-council');
    expect(target.body).toContain(
      '“LegCo” was merged into “Legislative Council”: 4 articles were retagged, and /tag/legco now redirects here.',
    );

    const tagsOf = async (slug: string) => (await deps.store.articles.findBySlug(slug))!.tags.map((tag) => tag.name);
    expect(await tagsOf(onlyOld.slug)).toEqual(['Politics', 'Legislative Council', 'Housing']);
    expect(await tagsOf(both.slug)).toEqual(['Legislative Council', 'Budget']);
    expect(await tagsOf(bothOldFirst.slug)).toEqual(['Legislative Council', 'Budget']);
    expect(await tagsOf(draft.slug)).toEqual(['Legislative Council']);
    expect(await deps.store.tags.findBySlug('legco')).toBeNull();
    expect((await deps.store.tags.findByNameOrAlias('Legislature'))?.slug).toBe('legislative-council');
    expect((await deps.store.tags.findByNameOrAlias('legco'))?.slug).toBe('legislative-council');

    const old = await site.app.inject({ method: 'GET', url: '/tag/legco' });
    expect(old.statusCode).toBe(301);
    expect(old.headers.location).toBe('/tag/legislative-council');
    const imported = await site.app.inject({ method: 'GET', url: '/category/politics/legco/' });
    expect(imported.statusCode).toBe(301);
    expect(imported.headers.location).toBe('/tag/legislative-council');
    // The tag page lists the published articles that came over (listed_at moved with them), not the draft.
    const page = (await site.app.inject({ method: 'GET', url: '/tag/legislative-council' })).body;
    for (const article of [onlyOld, both, bothOldFirst]) expect(page).toContain(article.headline);
    expect(page).not.toContain(draft.headline);
    expect(tableRows((await agent.get('/admin/tags?q=legislative')).body)).toEqual([
      ['Legislative Council', 'legislative-council', '', '4', 'LegCo, Legislature'],
    ]);
  });

  it('refuses to merge a tag into itself or into a tag that does not exist, and changes nothing', async () => {
    const { deps } = site.runtime;
    const article = await buildArticle(deps, { tags: ['Ferries'] });
    const ferries = await findOrCreateTag(deps.store, 'Ferries');
    await addTagAlias(deps.store, ferries, 'Boats');
    const { agent } = await staffAgent(site, 'editor');
    await agent.get('/admin/tags/ferries');
    const self = await agent.post('/admin/tags/ferries/merge', { into: 'boats' });
    expect(self.statusCode).toBe(422);
    expect(self.body).toContain('<span class="field-error" id="into-error">Choose another tag: that is the tag being merged</span>');
    const missing = await agent.post('/admin/tags/ferries/merge', { into: 'Hovercraft' });
    expect(missing.body).toContain('No tag is called “Hovercraft”');
    expect(missing.body).toMatch(/id="into" name="into"[^>]*value="Hovercraft"/);
    expect((await deps.store.articles.findBySlug(article.slug))!.tags.map((tag) => tag.slug)).toEqual(['ferries']);
  });
});

/** The cells of each body row of the page's list table, as text. */
function tableRows(html: string): string[][] {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((cell) => cell[1]!.replace(/<[^>]+>/g, '').trim()),
  );
}
