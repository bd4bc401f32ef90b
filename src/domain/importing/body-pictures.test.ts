import { describe, expect, it } from 'vitest';
import { oldUploadsShownIn, PictureAddresses, pointImagesAtLibrary } from './body-pictures.ts';
import { oldSiteOf } from './old-uploads.ts';

function addresses(): PictureAddresses {
  const pictures = new PictureAddresses();
  pictures.add('https://old.example/wp-content/uploads/2019/05/harbour.jpg', { id: 7, alt: 'The harbour at dawn' });
  pictures.add('/content/images/2024/05/minibus.jpg', { id: 9, alt: '' });
  return pictures;
}

describe('pointImagesAtLibrary', () => {
  it('points an old picture, its resized copies and its other spellings at the library, keeping the alt text', () => {
    const html =
      '<p>Before</p><img src="https://old.example/wp-content/uploads/2019/05/harbour-1024x683.jpg" alt="Boats &amp; sails" ' +
      'srcset="https://old.example/wp-content/uploads/2019/05/harbour-300x200.jpg 300w" class="wp-image-7" />' +
      '<img src="/wp-content/uploads/2019/05/HARBOUR.jpg"><img src="/content/images/size/w600/2024/05/minibus.jpg" alt="Night bus">';
    expect(pointImagesAtLibrary(html, addresses())).toEqual({
      html:
        '<p>Before</p><img src="media:7" alt="Boats &amp; sails">' +
        '<img src="media:7" alt="The harbour at dawn"><img src="media:9" alt="Night bus">',
      mediaIds: [7, 9],
    });
  });

  it('lists the library pictures the body named already beside those it now names', () => {
    const html = '<img src="media:3" alt="Kept"><img src="/content/images/2024/05/minibus.jpg" alt="Bus">';
    expect(pointImagesAtLibrary(html, addresses())?.mediaIds).toEqual([3, 9]);
    expect(pointImagesAtLibrary('<img src="media:3" alt="Kept">', addresses())).toBeNull();
  });

  it('leaves pictures it does not know alone, and says when nothing changed', () => {
    const html = '<img src="https://elsewhere.example/photo.jpg" alt="x"><img alt="no source">';
    expect(pointImagesAtLibrary(html, addresses())).toBeNull();
  });
});

describe('oldUploadsShownIn', () => {
  const wordpress = oldSiteOf('wordpress:https://old.example/blog')!;
  const ghost = oldSiteOf('ghost:https://ghost.example')!;
  const unknownGhost = oldSiteOf('ghost:65a1f0c2e4b0a1b2c3d40001')!;

  it('finds the old site’s own uploads once each, made whole, with their alt text', () => {
    const html =
      '<img src="https://old.example/wp-content/uploads/2019/05/a.jpg" alt="Boats &amp; &quot;sails&quot;">' +
      '<img src="/wp-content/uploads/2019/05/a.jpg" alt="Again"><img src="//OLD.example/wp-content/uploads/b-300x200.jpg">' +
      '<img src="https://cdn.example/wp-content/uploads/c.jpg"><img src="https://old.example/other/d.jpg">' +
      '<img src="media:4" alt="Library"><img src="data:image/png;base64,AAAA">';
    expect(oldUploadsShownIn(html, wordpress)).toEqual([
      { url: 'https://old.example/wp-content/uploads/2019/05/a.jpg', alt: 'Boats & "sails"' },
      // A WordPress name with a size may be the original's own: kept as it is.
      { url: 'https://old.example/wp-content/uploads/b-300x200.jpg', alt: '' },
    ]);
  });

  it('takes Ghost’s resized copies to their original, and keeps addresses relative when the site is not known', () => {
    const html =
      '<img src="https://ghost.example/content/images/size/w600/2024/05/x.jpg" alt="Small">' +
      '<img src="__GHOST_URL__/content/images/2024/05/x.jpg" alt="Big"><img src="/content/images/size/w600h400/2024/05/y.jpg">';
    expect(oldUploadsShownIn(html, ghost)).toEqual([
      { url: 'https://ghost.example/content/images/2024/05/x.jpg', alt: 'Small' },
      { url: 'https://ghost.example/content/images/2024/05/y.jpg', alt: '' },
    ]);
    expect(oldUploadsShownIn(html, unknownGhost)).toEqual([
      { url: '/content/images/2024/05/x.jpg', alt: 'Big' },
      { url: '/content/images/2024/05/y.jpg', alt: '' },
    ]);
  });

  it('knows no uploads folder of a Broadsheet export', () => {
    expect(oldSiteOf('broadsheet:https://ledger.example')).toBeNull();
  });
});
