import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makePhoto, processUploads } from '../support/media.ts';
import {
  base,
  editedArticleId,
  flash,
  openEditor,
  pressEditorButton,
  readerVisit,
  signedIn,
  site,
  useNewsroomBrowser,
} from '../support/newsroom-browser.ts';
import { jsonLdOfType, metaOf } from '../support/page-metadata.ts';

/** Uploading, processing and two page loads: room on a slow machine. */
const SLOW = 90_000;

useNewsroomBrowser();

describe('a featured picture in a real browser', () => {
  it(
    'uploads a photo, chooses it as the featured picture with its alt text, publishes, and readers get it sized, in Open Graph and JSON-LD',
    { timeout: SLOW },
    async () => {
      const { page } = await signedIn('editor');

      // Upload through the media library's own form, as a newsroom member does.
      const file = path.join(site.dataDir, 'pier-at-dawn.jpg');
      fs.writeFileSync(file, await makePhoto(1600, 1000));
      await page.goto(`${base}/admin/media`);
      // The library's script sends a chosen file at once, with its progress.
      await page.locator('input#file').setInputFiles(file);
      await page.getByRole('link', { name: 'Uploaded: describe it' }).waitFor();

      await openEditor(page, 'new');
      await page.getByRole('textbox', { name: 'Headline' }).fill('Ferry pier reopens after a year');
      await page.getByRole('textbox', { name: 'Body' }).fill('The pier reopened on Monday.\n\nFerries call every twenty minutes.');
      // The script's search finds the upload; choosing it shows the preview and the words to fill.
      const search = page.getByRole('searchbox', { name: 'Search the library' });
      const answered = page.waitForResponse((r) => r.url().includes('/admin/media/pictures.json?q=pier'));
      await search.fill('pier');
      await (await answered).finished();
      await page.locator('#picture-choices input[type="radio"]:not([value=""])').first().check();
      // Still processing: the preview says so, and the article may be published meanwhile.
      expect(await page.locator('#picture-preview').textContent()).toContain('Processing');

      // Publishing without alt text is refused beside the field, everything typed kept.
      await pressEditorButton(page, 'Publish now');
      expect(await page.locator('#imageAlt-error').textContent()).toContain('alt text is required to publish');
      expect(await page.getByRole('textbox', { name: 'Headline' }).inputValue()).toBe('Ferry pier reopens after a year');

      await page.getByRole('textbox', { name: 'Alt text' }).fill('Workers bolt the last plank onto the ferry pier');
      await page.getByRole('textbox', { name: 'Credit' }).fill('Photo: Ana Lima');
      await pressEditorButton(page, 'Publish now');
      expect(await flash(page)).toContain('Published');
      const article = await site.runtime.deps.store.articles.findById(editedArticleId(page));

      // The renditions are made off the request, by the outbox's worker.
      await processUploads(site);

      const { status, page: reader } = await readerVisit(`/articles/${article!.slug}`);
      expect(status).toBe(200);
      const img = reader.getByRole('img', { name: 'Workers bolt the last plank onto the ferry pier' });
      expect(await img.getAttribute('srcset')).toMatch(/\/media\/[^ ]+\.jpg 320w/);
      expect(await img.getAttribute('width')).toBe('1280');
      expect(await img.getAttribute('height')).toBe('800');
      expect(await img.getAttribute('fetchpriority')).toBe('high');
      // The browser chose a file from the set and drew it.
      await expect.poll(() => img.evaluate((element: HTMLImageElement) => element.complete && element.naturalWidth > 0)).toBe(true);
      const html = await reader.content();
      expect(metaOf(html, 'og:image')[0]).toMatch(/^http:\/\/news\.test\/media\/1200x630-[0-9a-f]+\.jpg$/);
      const images = jsonLdOfType(html, 'NewsArticle').image as Array<{ url: string }>;
      expect(images).toHaveLength(3);
      expect(images[0]!.url).toMatch(/\/media\/1200x675-[0-9a-f]+\.jpg$/);
    },
  );
});
