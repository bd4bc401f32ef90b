import { describe, expect, it } from 'vitest';
import { bodyPictureIds, bodyPictureSnippet, checkBodyPictures, renderBody } from './body-pictures.ts';
import type { DeliveredPicture } from '../media/delivery.ts';
import { Problems, ValidationError } from '../shared/errors.ts';
import type { BodyFigures } from './figures.ts';

const picture = (id: number, fields: Partial<DeliveredPicture> = {}): DeliveredPicture => ({
  id,
  alt: `library alt ${id}`,
  caption: '',
  credit: '',
  width: 800,
  height: 600,
  placeholder: null,
  sources: [{ format: 'jpeg', files: [{ fileName: `${id}.jpg`, width: 800, height: 600, bytes: 9000 }] }],
  social: null,
  structured: [],
  externalUrl: null,
  ...fields,
});

/** Figures that say what they were asked for, so the tests read where each picture went. */
const figures: BodyFigures = {
  figure: (shown) => (shown.sources.length ? `<figure data-id="${shown.id}" data-alt="${shown.alt}"></figure>` : ''),
  inline: (shown) => (shown.sources.length ? `<picture data-id="${shown.id}" data-alt="${shown.alt}"></picture>` : ''),
};

function library(...pictures: DeliveredPicture[]) {
  return {
    library: { findPictures: async (ids: readonly number[]) => new Map(pictures.filter((p) => ids.includes(p.id)).map((p) => [p.id, p])) },
  };
}

const render = (source: string, format: 'markdown' | 'html', ...pictures: DeliveredPicture[]) =>
  // Only findPictures is read; the rest of the repository is not needed to render.
  renderBody(library(...pictures) as never, figures, { source, format });

function problemsOf(check: (problems: Problems) => void): Record<string, string> {
  const problems = new Problems();
  check(problems);
  try {
    problems.throwIfAny();
    return {};
  } catch (error) {
    if (error instanceof ValidationError) return { ...error.fields };
    throw error;
  }
}

describe('bodyPictureIds', () => {
  it('lists the library pictures of a Markdown body once each, in order', () => {
    expect(bodyPictureIds('![Ferry](media:12)\n\nText ![](media:3) and ![again](media:12)', 'markdown')).toEqual([12, 3]);
  });

  it('ignores examples in code and addresses that are not the library’s', () => {
    const source = 'Write `![alt](media:7)`:\n\n    ![alt](media:8)\n\n![photo](https://example.com/media:9.jpg)';
    expect(bodyPictureIds(source, 'markdown')).toEqual([]);
    expect(bodyPictureIds('No pictures at all', 'markdown')).toEqual([]);
  });

  it('reads the images of an HTML body, whatever the order of their attributes', () => {
    expect(bodyPictureIds('<p><img alt="Pier" src="media:4"></p><img src="media:5"><img src="/old.jpg">', 'html')).toEqual([4, 5]);
  });
});

describe('renderBody', () => {
  it('makes a picture alone in its paragraph a figure, never a figure inside a paragraph', async () => {
    const { html } = await render('Before\n\n![The pier at dawn](media:1)\n\nAfter', 'markdown', picture(1));
    expect(html).toBe('<p>Before</p>\n<figure data-id="1" data-alt="The pier at dawn"></figure>\n<p>After</p>\n');
  });

  it('makes pictures on consecutive lines figures one after another, whatever the paragraph’s attributes', async () => {
    const markdown = await render('![a](media:1)\n![b](media:2)\n\nWords', 'markdown', picture(1), picture(2));
    expect(markdown.html).toBe('<figure data-id="1" data-alt="a"></figure>\n<figure data-id="2" data-alt="b"></figure>\n<p>Words</p>\n');
    const html = await render('<p dir="rtl"><img src="media:1" alt="a"></p><pre>x</pre><p>y</p>', 'html', picture(1));
    expect(html.html).toBe('<figure data-id="1" data-alt="a"></figure><pre>x</pre><p>y</p>');
  });

  it('shows a picture among words as the picture alone, inside the paragraph', async () => {
    const { html } = await render('See ![](media:2) here', 'markdown', picture(2));
    expect(html).toBe('<p>See <picture data-id="2" data-alt="library alt 2"></picture> here</p>\n');
  });

  it('takes the library’s alt text when the body gives none', async () => {
    const { html, pictures } = await render('<p><img src="media:3"></p>', 'html', picture(3));
    expect(html).toBe('<figure data-id="3" data-alt="library alt 3"></figure>');
    expect(pictures).toMatchObject([{ id: 3, alt: 'library alt 3' }]);
  });

  it('shows nothing, not even an empty paragraph, for a picture the library lacks or is still processing', async () => {
    const { html, pictures } = await render('![a](media:4)\n\n![b](media:5)\n\nText', 'markdown', picture(5, { sources: [] }));
    expect(html).toBe('\n\n<p>Text</p>\n');
    expect(pictures).toMatchObject([
      { id: 4, picture: null },
      { id: 5, picture: { id: 5 } },
    ]);
  });

  it('keeps the text of the alt as typed, quotes and ampersands included', async () => {
    const { pictures } = await render('![The "Star" & the <pier>](media:6)', 'markdown', picture(6));
    expect(pictures[0]!.alt).toBe('The "Star" & the <pier>');
  });
});

describe('checkBodyPictures', () => {
  it('names a picture the library does not have, beside the body', async () => {
    const { pictures } = await render('![Ferry](media:12)', 'markdown');
    expect(problemsOf((problems) => checkBodyPictures(pictures, { public: false }, problems))).toEqual({
      body: 'The body shows picture 12, which is not in the media library.',
    });
  });

  it('lets a draft keep a picture without alt text, but not a public article', async () => {
    const { pictures } = await render('![](media:7)', 'markdown', picture(7, { alt: '' }));
    expect(problemsOf((problems) => checkBodyPictures(pictures, { public: false }, problems))).toEqual({});
    expect(problemsOf((problems) => checkBodyPictures(pictures, { public: true }, problems))).toEqual({
      body: expect.stringContaining('Picture 7 has no alt text'),
    });
  });
});

describe('bodyPictureSnippet', () => {
  it('writes Markdown whose alt text comes back exactly as typed', async () => {
    const snippet = bodyPictureSnippet(9, 'The [old] pier \\ at\ndusk', 'markdown');
    expect(snippet).toBe('![The \\[old\\] pier \\\\ at dusk](media:9)');
    expect((await render(snippet, 'markdown', picture(9))).pictures[0]!.alt).toBe('The [old] pier \\ at dusk');
  });

  it('writes an HTML image for an HTML body', async () => {
    const snippet = bodyPictureSnippet(9, 'Fish & "chips"', 'html');
    expect(snippet).toBe('<p><img src="media:9" alt="Fish &amp; &quot;chips&quot;"></p>');
    expect((await render(snippet, 'html', picture(9))).html).toBe('<figure data-id="9" data-alt="Fish & "chips""></figure>');
  });
});
