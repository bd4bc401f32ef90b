import { describe, expect, it } from 'vitest';
import { PictureAddresses, pointImagesAtLibrary } from './body-pictures.ts';

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
