import fs from 'node:fs';
import path from 'node:path';
import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { openRuntime } from '../src/cli/runtime.ts';
import { moderateComments } from '../src/domain/comments/moderation.ts';
import { tempDataDir } from './support/app.ts';
import { buildArticle } from './support/factories.ts';
import { runCli } from './support/cli.ts';

const WP = 'http://wordpress.org/export/1.2/';
const NAMESPACES: Record<string, string> = {
  wp: WP,
  excerpt: 'http://wordpress.org/export/1.2/excerpt/',
  content: 'http://purl.org/rss/1.0/modules/content/',
  dc: 'http://purl.org/dc/elements/1.1/',
  '': '',
};

interface Node {
  readonly name: string;
  readonly attributes: Record<string, string>;
  readonly children: Node[];
  text: string;
}

/** The file as a tree of elements named "prefix:local" by namespace URI, whatever prefixes the file chose. */
function parseXml(xml: string): { root: Node; doctype: boolean } {
  const parser = new SaxesParser({ xmlns: true });
  const prefixOf = new Map(Object.entries(NAMESPACES).map(([prefix, uri]) => [uri, prefix]));
  const stack: Node[] = [];
  let root: Node | null = null;
  let doctype = false;
  parser.on('doctype', () => (doctype = true));
  parser.on('opentag', (tag) => {
    const prefix = prefixOf.get(tag.uri ?? '');
    if (prefix === undefined) throw new Error(`unexpected namespace ${tag.uri} on ${tag.name}`);
    const attributes = Object.fromEntries(Object.values(tag.attributes).map((a) => [a.local, a.value]));
    const node: Node = { name: prefix ? `${prefix}:${tag.local}` : tag.local, attributes, children: [], text: '' };
    stack.at(-1)?.children.push(node);
    stack.push(node);
    root ??= node;
  });
  parser.on('text', (text) => stack.at(-1) && (stack.at(-1)!.text += text));
  parser.on('cdata', (text) => (stack.at(-1)!.text += text));
  parser.on('closetag', () => stack.pop());
  parser.write(xml).close();
  return { root: root!, doctype };
}

const all = (node: Node, name: string) => node.children.filter((child) => child.name === name);
const one = (node: Node, name: string) => {
  const found = all(node, name);
  if (found.length !== 1) throw new Error(`${node.name} has ${found.length} <${name}>`);
  return found[0]!;
};
const names = (node: Node) => new Set(node.children.map((child) => child.name));

// What WordPress's importer (WXR_Parser_SimpleXML) reads from each element; a missing one reads as empty there.
const AUTHOR = ['author_id', 'author_login', 'author_email', 'author_display_name', 'author_first_name', 'author_last_name'];
const CATEGORY = ['term_id', 'category_nicename', 'category_parent', 'cat_name'];
const TAG = ['term_id', 'tag_slug', 'tag_name'];
const ITEM = ['title', 'guid', 'dc:creator', 'content:encoded', 'excerpt:encoded'];
const ITEM_WP = ['post_id', 'post_date', 'post_date_gmt', 'comment_status', 'ping_status', 'post_name', 'status'];
const ITEM_WP_MORE = ['post_parent', 'menu_order', 'post_type', 'post_password', 'is_sticky'];
const COMMENT = ['comment_id', 'comment_author', 'comment_author_email', 'comment_author_IP', 'comment_author_url', 'comment_date'];
const COMMENT_MORE = ['comment_date_gmt', 'comment_content', 'comment_approved', 'comment_type', 'comment_parent', 'comment_user_id'];

let dataDir: string;
let channel: Node;
let doctype: boolean;

beforeAll(async () => {
  dataDir = tempDataDir();
  expect((await runCli(dataDir, ['demo'])).code).toBe(0);
  const runtime = await openRuntime(loadConfig({ BROADSHEET_DATA: dataDir, SITE_TIMEZONE: 'Asia/Hong_Kong' }));
  try {
    const { deps } = runtime;
    const tricky = await buildArticle(deps, {
      headline: 'Code & markup: when ]]> meets <b>',
      body: 'A body that quotes `]]>` and the word [gallery] in brackets.\n\nA bell \u0007 rang.',
      tags: ['Transport', 'Testing'],
      author: 'Mei Lin Chau',
    });
    const news = await deps.store.tags.insert({ slug: 'news', name: 'News', description: '', isSection: false });
    await deps.store.tags.setParent((await deps.store.tags.findBySlug('testing'))!.id, news.id);
    const imageId = await deps.store.media.insert({
      url: 'https://images.ledger.test/bell.jpg',
      title: 'Bell',
      alt: 'A brass bell',
      caption: '',
      mimeType: 'image/jpeg',
      articleId: tricky.id,
      createdAt: new Date('2024-05-01T00:00:00Z'),
    });
    await deps.store.media.setArticleImage(tricky.id, imageId);
    const [spam, trash] = await deps.store.comments.list({ status: 'approved', limit: 2 });
    await moderateComments(deps, { actor: 'console', ids: [spam!.id], action: 'spam' });
    await moderateComments(deps, { actor: 'console', ids: [trash!.id], action: 'trash' });
  } finally {
    await runtime.close();
  }
  const file = path.join(dataDir, 'site.xml');
  const result = await runCli(dataDir, ['export', '--format', 'wxr', '--output', file], { SITE_TIMEZONE: 'Asia/Hong_Kong' });
  expect(result.stdout).toMatch(
    /^Exported 15 articles, \d+ comments, 0 pages, 1 media, \d+ tags and \d+ authors to .*site\.xml \(wxr\)\.$/m,
  );
  const parsed = parseXml(fs.readFileSync(file, 'utf8'));
  expect(parsed.root.name).toBe('rss');
  channel = one(parsed.root, 'channel');
  doctype = parsed.doctype;
});

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function items(type: string): Node[] {
  return all(channel, 'item').filter((item) => one(item, 'wp:post_type').text === type);
}

function article(slugStart: string): Node {
  const found = items('post').find((item) => one(item, 'wp:post_name').text.startsWith(slugStart));
  if (!found) throw new Error(`no item ${slugStart}`);
  return found;
}

describe('broadsheet export --format wxr', () => {
  it('writes WXR 1.2 without a doctype (WordPress refuses one), with the site’s address', () => {
    expect(doctype).toBe(false);
    expect(one(channel, 'wp:wxr_version').text).toMatch(/^\d+\.\d+$/);
    expect(one(channel, 'wp:wxr_version').text).toBe('1.2');
    expect(one(channel, 'wp:base_site_url').text).toBe('http://127.0.0.1:3000');
  });

  it('has every element WordPress’s importer reads, on authors, categories, tags, items and comments', () => {
    const authors = all(channel, 'wp:author');
    expect(authors.length).toBeGreaterThan(0);
    for (const author of authors) for (const name of AUTHOR) expect(names(author)).toContain(`wp:${name}`);
    const categories = all(channel, 'wp:category');
    const tags = all(channel, 'wp:tag');
    expect(categories.length).toBeGreaterThan(0);
    expect(tags.length).toBeGreaterThan(0);
    for (const category of categories) for (const name of CATEGORY) expect(names(category)).toContain(`wp:${name}`);
    for (const tag of tags) for (const name of TAG) expect(names(tag)).toContain(`wp:${name}`);
    const posts = all(channel, 'item');
    expect(posts.length).toBe(16);
    for (const item of posts) {
      for (const name of ITEM) expect(names(item)).toContain(name);
      for (const name of [...ITEM_WP, ...ITEM_WP_MORE]) expect(names(item)).toContain(`wp:${name}`);
      for (const comment of all(item, 'wp:comment')) {
        for (const name of [...COMMENT, ...COMMENT_MORE]) expect(names(comment)).toContain(`wp:${name}`);
      }
    }
  });

  it('lists every parent category before the categories under it', () => {
    const order = all(channel, 'wp:category').map((c) => one(c, 'wp:category_nicename').text);
    const testing = all(channel, 'wp:category').find((c) => one(c, 'wp:category_nicename').text === 'testing')!;
    expect(one(testing, 'wp:category_parent').text).toBe('news');
    expect(order.indexOf('news')).toBeLessThan(order.indexOf('testing'));
  });

  it('keeps text with ]]>, entities and brackets intact, drops characters XML cannot hold, and escapes WordPress shortcodes', () => {
    const item = article('code-markup');
    expect(one(item, 'title').text).toBe('Code & markup: when ]]> meets <b>');
    const content = one(item, 'content:encoded').text;
    expect(content).toContain('<code>]]&gt;</code>');
    expect(content).toContain('the word [[gallery]] in brackets');
    expect(content).toContain('A bell  rang.');
    expect(one(item, 'wp:status').text).toBe('publish');
  });

  it('files an article under tags, and categories for tags in a hierarchy, with its lead image as _thumbnail_id of an attachment', () => {
    const item = article('code-markup');
    const terms = all(item, 'category').map((c) => [c.attributes.domain, c.attributes.nicename, c.text]);
    expect(terms).toEqual([
      ['post_tag', 'transport', 'Transport'],
      ['category', 'testing', 'Testing'],
    ]);
    const thumbnail = all(item, 'wp:postmeta').find((meta) => one(meta, 'wp:meta_key').text === '_thumbnail_id')!;
    const [attachment] = items('attachment');
    expect(one(thumbnail, 'wp:meta_value').text).toBe(one(attachment!, 'wp:post_id').text);
    expect(one(attachment!, 'wp:attachment_url').text).toBe('https://images.ledger.test/bell.jpg');
    expect(one(attachment!, 'wp:post_parent').text).toBe(one(item, 'wp:post_id').text);
    const ids = all(channel, 'item').map((i) => one(i, 'wp:post_id').text);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('maps statuses and dates the way WordPress writes them: future, draft without a GMT date, local time beside GMT', () => {
    const scheduled = items('post').filter((item) => one(item, 'wp:status').text === 'future');
    const drafts = items('post').filter((item) => one(item, 'wp:status').text === 'draft');
    expect(scheduled).toHaveLength(1);
    expect(drafts).toHaveLength(1);
    const published = article('code-markup');
    const gmt = one(published, 'wp:post_date_gmt').text;
    const local = one(published, 'wp:post_date').text;
    expect(new Date(`${local.replace(' ', 'T')}Z`).getTime() - new Date(`${gmt.replace(' ', 'T')}Z`).getTime()).toBe(8 * 3_600_000);
  });

  it('writes comments with their thread and every status WordPress knows', () => {
    const comments = all(channel, 'item').flatMap((item) => all(item, 'wp:comment'));
    expect(new Set(comments.map((c) => one(c, 'wp:comment_approved').text))).toEqual(new Set(['1', '0', 'spam', 'trash']));
    const ids = new Set(comments.map((c) => one(c, 'wp:comment_id').text));
    const replies = comments.filter((c) => one(c, 'wp:comment_parent').text !== '0');
    expect(replies.length).toBeGreaterThan(0);
    for (const reply of replies) expect(ids).toContain(one(reply, 'wp:comment_parent').text);
    expect(comments.every((c) => one(c, 'wp:comment_author_IP').text === '')).toBe(true);
  });
});
