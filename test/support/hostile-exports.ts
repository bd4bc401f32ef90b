import { batches } from './hostile-strings.ts';

/** XML 1.0 cannot carry these, so no real export holds them; they become U+FFFD. */
export function xmlSafe(text: string): string {
  return text.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD');
}

const cdata = (text: string) => `<![CDATA[${xmlSafe(text).replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;

/**
 * A WordPress export (WXR 1.2) whose posts carry the strings: one post per `perPost` strings, the
 * first as its title, all of them as its HTML body, its tags and its comments' names, websites
 * and bodies.
 */
export function hostileWxr(strings: readonly string[], perPost: number): string {
  const items = batches(strings, perPost).map((batch, p) => {
    const id = 1000 + p;
    const tags = batch.slice(0, 10).map((s, t) => `<category domain="post_tag" nicename="hostile-${p}-${t}">${cdata(s)}</category>`);
    const comments = batch.map(
      (s, c) => `<wp:comment>
  <wp:comment_id>${id * 100 + c}</wp:comment_id>
  <wp:comment_author>${cdata(s)}</wp:comment_author>
  <wp:comment_author_email>reader${id}-${c}@example.com</wp:comment_author_email>
  <wp:comment_author_url>${cdata(s)}</wp:comment_author_url>
  <wp:comment_author_IP>203.0.113.9</wp:comment_author_IP>
  <wp:comment_date>2024-05-01 10:00:00</wp:comment_date>
  <wp:comment_date_gmt>2024-05-01 02:00:00</wp:comment_date_gmt>
  <wp:comment_content>${cdata(s)}</wp:comment_content>
  <wp:comment_approved>1</wp:comment_approved>
  <wp:comment_type>comment</wp:comment_type>
  <wp:comment_parent>0</wp:comment_parent>
</wp:comment>`,
    );
    return `<item>
<title>${cdata(batch[0]!)}</title>
<link>https://old.example/?p=${id}</link>
<pubDate>Wed, 01 May 2024 02:00:00 +0000</pubDate>
<dc:creator>${cdata('reporter')}</dc:creator>
<guid isPermaLink="false">https://old.example/?p=${id}</guid>
<content:encoded>${cdata(batch.join('\n\n'))}</content:encoded>
<excerpt:encoded>${cdata(batch[1] ?? '')}</excerpt:encoded>
<wp:post_id>${id}</wp:post_id>
<wp:post_date>2024-05-01 10:00:00</wp:post_date>
<wp:post_date_gmt>2024-05-01 02:00:00</wp:post_date_gmt>
<wp:comment_status>open</wp:comment_status>
<wp:post_name>hostile-post-${p}</wp:post_name>
<wp:status>publish</wp:status>
<wp:post_parent>0</wp:post_parent>
<wp:post_type>post</wp:post_type>
<wp:post_password></wp:post_password>
${tags.join('\n')}
${comments.join('\n')}
</item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Hostile Courier</title>
<link>https://old.example</link>
<description>Every naughty string</description>
<language>en</language>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>https://old.example</wp:base_site_url>
<wp:base_blog_url>https://old.example</wp:base_blog_url>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login>${cdata('reporter')}</wp:author_login><wp:author_email>reporter@old.example</wp:author_email><wp:author_display_name>${cdata('Reporter')}</wp:author_display_name></wp:author>
${items.join('\n')}
</channel>
</rss>
`;
}

/** A Ghost export whose posts carry the strings as title, excerpt, HTML body and tags (Ghost exports hold no comments). */
export function hostileGhostExport(strings: readonly string[], perPost: number): string {
  const posts: unknown[] = [];
  const tags: unknown[] = [];
  const postsTags: unknown[] = [];
  const postsAuthors: unknown[] = [];
  for (const [p, batch] of batches(strings, perPost).entries()) {
    const id = `65a1f0c2e4b0a1b2c3d4${String(p).padStart(4, '0')}`;
    posts.push({
      id,
      uuid: `0f4a3c2e-1b2d-4e5f-8a9b-${String(p).padStart(12, '0')}`,
      title: batch[0],
      slug: `hostile-post-${p}`,
      html: batch.join('\n'),
      type: 'post',
      status: 'published',
      visibility: 'public',
      featured: 0,
      custom_excerpt: batch[1] ?? null,
      feature_image: null,
      created_at: '2024-05-01T07:00:00.000Z',
      updated_at: '2024-05-01T07:00:00.000Z',
      published_at: '2024-05-01T08:00:00.000Z',
    });
    postsAuthors.push({ id: `pa${id}`, post_id: id, author_id: 'u1', sort_order: 0 });
    for (const [t, s] of batch.slice(0, 10).entries()) {
      const tagId = `${id}t${t}`;
      tags.push({ id: tagId, name: s, slug: `hostile-${p}-${t}`, description: s, parent_id: null, visibility: 'public' });
      postsTags.push({ id: `pt${tagId}`, post_id: id, tag_id: tagId, sort_order: t });
    }
  }
  const data = {
    posts,
    tags,
    posts_tags: postsTags,
    posts_authors: postsAuthors,
    users: [{ id: 'u1', name: 'Reporter', slug: 'reporter', email: 'reporter@old.example', bio: '', status: 'active' }],
    settings: [{ id: 's1', group: 'site', key: 'url', value: 'https://ghost.example', type: 'string' }],
  };
  return JSON.stringify({ db: [{ meta: { exported_on: 1714900000000, version: '5.82.1' }, data }] });
}
