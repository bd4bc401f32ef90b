import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { makePhoto, processUploads } from '../support/media.ts';
import { base, signedIn, site, useNewsroomBrowser } from '../support/newsroom-browser.ts';

/** Every browser test waits for pages, scripts and the server; each gets room on a slow machine. */
const SLOW = 60_000;

useNewsroomBrowser();

type Sent = { name: string; type: string; base64: string };

/** Drops files on the upload form, as a file manager does. */
async function dropFiles(page: Page, files: Sent[]): Promise<void> {
  await page.evaluate((files) => {
    const transfer = new DataTransfer();
    for (const file of files) {
      const bytes = Uint8Array.from(atob(file.base64), (char) => char.charCodeAt(0));
      transfer.items.add(new File([bytes], file.name, { type: file.type }));
    }
    const form = document.querySelector('form[data-media-upload]')!;
    form.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    form.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, files);
}

/** Pastes a picture on the page, as after copying one. */
async function pasteFile(page: Page, file: Sent): Promise<void> {
  await page.evaluate((file) => {
    const transfer = new DataTransfer();
    const bytes = Uint8Array.from(atob(file.base64), (char) => char.charCodeAt(0));
    transfer.items.add(new File([bytes], file.name, { type: file.type }));
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
  }, file);
}

describe('the media library in a real browser', () => {
  it('uploads dropped and pasted files each with its progress, and shows a refusal beside its file', { timeout: SLOW }, async () => {
    const { page } = await signedIn('contributor');
    await page.goto(`${base}/admin/media`);
    expect(await page.locator('.media-drop-hint').textContent()).toContain('Drop pictures here');
    const photo = (await makePhoto(800, 600)).toString('base64');
    await dropFiles(page, [
      { name: 'quay.jpg', type: 'image/jpeg', base64: photo },
      { name: 'notes.jpg', type: 'image/jpeg', base64: Buffer.from('only words').toString('base64') },
    ]);
    const rows = page.locator('.media-progress li');
    await expect.poll(() => page.locator('.media-progress li.is-done').count()).toBe(1);
    await expect.poll(() => page.locator('.media-progress li.is-refused').count()).toBe(1);
    expect(await rows.filter({ hasText: 'quay.jpg' }).locator('progress').getAttribute('value')).toBe('100');
    expect(await rows.filter({ hasText: 'quay.jpg' }).getByRole('link', { name: 'Uploaded: describe it' }).getAttribute('href')).toMatch(
      /^\/admin\/media\/\d+$/,
    );
    expect(await rows.filter({ hasText: 'notes.jpg' }).locator('[role="alert"]').textContent()).toContain(
      '“notes.jpg” is not a picture this site can use',
    );

    await pasteFile(page, {
      name: 'image.png',
      type: 'image/png',
      base64: (await makePhoto(400, 300, { format: 'png' })).toString('base64'),
    });
    await expect.poll(() => page.locator('.media-progress li.is-done').count()).toBe(2);
    await page.getByRole('link', { name: 'Show the new pictures in the library' }).click();
    await page.waitForLoadState();
    expect(await page.locator('.media-name').allTextContents()).toEqual(['image.png', 'quay.jpg']);
  });

  it('sets the focal point with a click, moving the marker and the social preview before saving', { timeout: SLOW }, async () => {
    const { page } = await signedIn('editor');
    await page.goto(`${base}/admin/media`);
    await dropFiles(page, [{ name: 'wide.jpg', type: 'image/jpeg', base64: (await makePhoto(2400, 800)).toString('base64') }]);
    await expect.poll(() => page.locator('.media-progress li.is-done').count()).toBe(1);
    await processUploads(site);
    await page.getByRole('link', { name: 'Uploaded: describe it' }).click();
    await page.waitForLoadState();

    const id = Number(new URL(page.url()).pathname.split('/').pop());
    const frame = page.locator('input[data-focal-frame]');
    const box = (await frame.boundingBox())!;
    await frame.click({ position: { x: box.width * 0.1, y: box.height / 2 } });
    // No page was sent: the fields and the preview follow the click.
    expect(Number(await page.locator('#focalX').inputValue())).toBeCloseTo(10, 0);
    expect(Number(await page.locator('#focalY').inputValue())).toBeCloseTo(50, 0);
    expect(await page.locator('[data-social-preview]').evaluate((img) => (img as HTMLImageElement).style.objectPosition)).toBe('0% 50%');
    expect(await page.locator('[data-focal-marker]').evaluate((marker) => (marker as HTMLElement).style.left)).toMatch(/^(9\.|10)/);

    await page.getByRole('button', { name: 'Save focal point' }).click();
    await page.waitForLoadState();
    expect(await page.locator('.flash').textContent()).toContain('Focal point saved');
    const saved = await site.runtime.deps.store.library.findById(id);
    expect(saved!.focal.x).toBeCloseTo(0.1, 1);
  });
});
