import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ImportFileError, type ImportRecord } from '../../domain/importing/records.ts';
import { wordpressReader } from './reader.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../../../test/fixtures/wordpress/${name}`, import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'broadsheet-wxr-'));
let written = 0;
function file(text: string): string {
  const path = join(scratch, `export-${++written}.xml`);
  writeFileSync(path, text);
  return path;
}

/** A WXR 1.2 export around the given items; line 9 is the first line after the header. */
function wxr(items: string, version = '1.2'): string {
  return [
    '<?xml version="1.0" encoding="UTF-8" ?>',
    '<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/"',
    '\txmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">',
    '<channel>',
    '\t<title>Kowloon Courier</title>',
    '\t<link>https://kowlooncourier.example</link>',
    `\t<wp:wxr_version>${version}</wp:wxr_version>`,
    '\t<wp:base_site_url>https://kowlooncourier.example</wp:base_site_url>',
    items,
    '</channel>',
    '</rss>',
    '',
  ].join('\n');
}

function post(fields: { id?: string; title?: string; dateGmt?: string; comments?: string } = {}): string {
  const id =
    fields.id === undefined ? '\t\t<wp:post_id>7</wp:post_id>' : fields.id === '' ? '' : `\t\t<wp:post_id>${fields.id}</wp:post_id>`;
  return [
    '\t<item>',
    `\t\t<title>${fields.title ?? 'Tram fares frozen'}</title>`,
    '\t\t<content:encoded><![CDATA[The adult fare stays at $3.30.]]></content:encoded>',
    ...(id ? [id] : []),
    '\t\t<wp:post_date>2024-04-08 10:00:00</wp:post_date>',
    `\t\t<wp:post_date_gmt>${fields.dateGmt ?? '2024-04-08 02:00:00'}</wp:post_date_gmt>`,
    '\t\t<wp:status>publish</wp:status>',
    '\t\t<wp:post_type>post</wp:post_type>',
    ...(fields.comments ? [fields.comments] : []),
    '\t</item>',
  ].join('\n');
}

async function failure(path: string): Promise<ImportFileError> {
  const error: unknown = await wordpressReader(path)
    .check()
    .then(
      () => null,
      (e: unknown) => e,
    );
  expect(error).toBeInstanceOf(ImportFileError);
  return error as ImportFileError;
}

describe('wordpressReader refuses a file it cannot import, saying where and why', () => {
  it('a file that is not XML at all', async () => {
    const error = await failure(fixture('not-xml.xml'));
    expect(error.problem).toMatch(/^This is not an XML file \(it begins “post_id,title,status”\), so it cannot be a WordPress export\./);
    expect(error.place).toEqual({ line: 1, column: 1 });
    expect(error.code).toBe('invalid');
  });

  it('a JSON file, pointing to the Ghost importer', async () => {
    const error = await failure(file('\n  {"db": [{"data": {"posts": []}}]}'));
    expect(error.problem).toContain('It looks like JSON: a Ghost export is imported with `broadsheet import ghost FILE.json`.');
    expect(error.place).toEqual({ line: 2, column: 3 });
  });

  it('an empty file', async () => {
    expect((await failure(file(''))).problem).toMatch(/^This file is empty\./);
  });

  it('an RSS feed that is not a WordPress export', async () => {
    const error = await failure(fixture('rss-not-wxr.xml'));
    expect(error.problem).toBe(
      'This is an RSS/XML file but not a WordPress export (WXR): it declares no WordPress export namespace ' +
        '(xmlns:wp="http://wordpress.org/export/1.2/"). Export the site again with WordPress’s Tools → Export (All content) and import that file.',
    );
    expect(error.place).toEqual({ line: 2, column: 1 });
  });

  it('an XML file of another kind', async () => {
    const error = await failure(file('<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>Courier</title></feed>'));
    expect(error.problem).toMatch(
      /^This is an XML file but not a WordPress export \(WXR\): its top element is <feed>, where a WordPress export has <rss>\./,
    );
    expect(error.place).toEqual({ line: 2, column: 1 });
  });

  it('a WXR version this importer does not know, or none at all', async () => {
    const newer = await failure(file(wxr(post(), '2.0')));
    expect(newer.problem).toContain('its wp:wxr_version is “2.0”, and this importer reads versions 1.0, 1.1 and 1.2');
    expect(newer.place).toEqual({ line: 7, column: 2 });
    const none = await failure(file(wxr(post()).replace('\t<wp:wxr_version>1.2</wp:wxr_version>\n', '')));
    expect(none.problem).toContain('it has no wp:wxr_version element before its first author, term or item');
  });

  it('a file cut short, naming the item it ends in', async () => {
    const error = await failure(fixture('truncated.xml'));
    expect(error.problem).toBe(
      'The file ends in the middle of the post “Tram fares frozen for another year”, which starts at line 30: ' +
        'it looks truncated (cut short while downloading or copying); export it again.',
    );
    expect(error.place).toEqual({ line: 36, column: 1 });
  });

  it('XML that is not well-formed', async () => {
    const error = await failure(file(wxr(post().replace('</wp:status>', '</wp:statu>'))));
    expect(error.problem).toMatch(/^The file is not well-formed XML here \(a closing tag does not match the element it closes\)\./);
    expect(error.place).toEqual({ line: 15, column: 31 });
  });

  it('an item whose date is not a date', async () => {
    const error = await failure(fixture('broken-item.xml'));
    expect(error.problem).toBe(
      'Post 6 “Tram fares frozen for another year” has wp:post_date_gmt “2024-13-08 02:00:00”, which is not a date ' +
        '(WordPress writes “YYYY-MM-DD HH:MM:SS”). The export is damaged: correct that element or export the site again.',
    );
    expect(error.place).toEqual({ line: 39, column: 3 });
  });

  it('an item without a post id, or with one that is not a number', async () => {
    const missing = await failure(file(wxr(post({ id: '' }))));
    expect(missing.problem).toMatch(/^The item “Tram fares frozen” has no wp:post_id element\./);
    expect(missing.place).toEqual({ line: 9, column: 2 });
    const word = await failure(file(wxr(`${post()}\n${post({ id: 'seven', title: 'Second' })}`)));
    expect(word.problem).toMatch(/^Post seven “Second” has wp:post_id “seven”, which is not a number\./);
    expect(word.place).toEqual({ line: 21, column: 3 });
  });

  it('a comment without an id, or with a date that is not a date', async () => {
    const noId =
      '\t\t<wp:comment>\n\t\t\t<wp:comment_author>Reader</wp:comment_author>\n\t\t\t<wp:comment_date_gmt>2024-04-08 03:00:00</wp:comment_date_gmt>\n\t\t</wp:comment>';
    const missing = await failure(file(wxr(post({ comments: noId }))));
    expect(missing.problem).toMatch(/^A comment on post 7 “Tram fares frozen” has no wp:comment_id element\./);
    expect(missing.place).toEqual({ line: 17, column: 3 });
    const badDate =
      '\t\t<wp:comment>\n\t\t\t<wp:comment_id>3</wp:comment_id>\n\t\t\t<wp:comment_date_gmt>yesterday</wp:comment_date_gmt>\n\t\t</wp:comment>';
    const date = await failure(file(wxr(post({ comments: badDate }))));
    expect(date.problem).toMatch(/^Comment 3 on post 7 “Tram fares frozen” has wp:comment_date_gmt “yesterday”, which is not a date/);
    expect(date.place).toEqual({ line: 19, column: 4 });
  });

  it('a path where there is no file', async () => {
    const error = await failure(join(scratch, 'missing.xml'));
    expect(error.problem).toBe(`Cannot read ${join(scratch, 'missing.xml')}: there is no such file.`);
    expect(error.place).toBeNull();
  });

  it('refuses the file when read without a check first, before yielding anything', async () => {
    const records: ImportRecord[] = [];
    const reading = (async () => {
      for await (const record of wordpressReader(fixture('broken-item.xml')).read()) records.push(record);
    })();
    await expect(reading).rejects.toBeInstanceOf(ImportFileError);
    expect(records).toEqual([]);
  });
});

describe('wordpressReader is lenient where WordPress’s own importer is', () => {
  it('reads an HTML entity that XML does not define, outside CDATA, as that entity', async () => {
    const path = file(wxr(post({ title: 'Caf&eacute; opens at 8&nbsp;am &amp; closes late' })));
    const records: ImportRecord[] = [];
    for await (const record of wordpressReader(path).read()) records.push(record);
    expect(records.find((r) => r.kind === 'article')).toMatchObject({ headline: 'Café opens at 8 am & closes late' });
  });
});
