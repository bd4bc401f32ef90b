import { describe, expect, it } from 'vitest';
import { wordpressBody } from './body.ts';
import { autoembed } from './embeds.ts';
import { expandShortcodes, parseAttributes, type ShortcodeContext } from './shortcodes.ts';

const ATTACHMENTS = new Map([
  ['10', { url: 'https://old.example/ferry.jpg', alt: 'A ferry at dusk', caption: 'Leaving Central' }],
  ['30', { url: 'https://old.example/signal.png', alt: 'Signal No. 8', caption: '' }],
]);
const context: ShortcodeContext = {
  postId: '12',
  attachment: (id) => ATTACHMENTS.get(id),
  attachmentsOf: (postId) => (postId === '12' ? ['30'] : []),
};
const expand = (text: string) => expandShortcodes(text, context);

describe('expandShortcodes', () => {
  it('turns a caption around an image into a figure with its caption', () => {
    const html =
      '[caption id="attachment_10" align="aligncenter" width="800"]<img src="ferry.jpg" alt="Ferry" /> The <em>Morning Star</em> at Central.[/caption]';
    expect(expand(html)).toEqual({
      html: '<figure><img src="ferry.jpg" alt="Ferry" /><figcaption>The <em>Morning Star</em> at Central.</figcaption></figure>',
      unknown: [],
    });
  });

  it('reads the caption attribute of older posts, and drops an empty caption', () => {
    expect(expand('[caption caption="Pier 7"]<img src="p.jpg" />[/caption]').html).toBe(
      '<figure><img src="p.jpg" /><figcaption>Pier 7</figcaption></figure>',
    );
    expect(expand('[caption width="300"]<img src="p.jpg" />[/caption]').html).toBe('<img src="p.jpg" />');
  });

  it('embeds YouTube and Vimeo addresses as players and links any other address', () => {
    expect(expand('[embed]https://youtu.be/Xy3hK9pQm2A[/embed]').html).toBe(
      '<figure><iframe src="https://www.youtube-nocookie.com/embed/Xy3hK9pQm2A" width="640" height="360" title="YouTube video" allowfullscreen></iframe></figure>',
    );
    expect(expand('[embed width="400"]https://vimeo.com/76979871[/embed]').html).toContain(
      'src="https://player.vimeo.com/video/76979871" width="400" height="225"',
    );
    expect(expand('[embed]https://maps.example/?q=pier&z=3[/embed]').html).toBe(
      '<a href="https://maps.example/?q=pier&amp;z=3">https://maps.example/?q=pier&amp;z=3</a>',
    );
  });

  it('shows a gallery of the attachments it lists, or without ids those uploaded to the post', () => {
    expect(expand('[gallery ids="10,30"]').html).toBe(
      '<figure><figure><img src="https://old.example/ferry.jpg" alt="A ferry at dusk" /><figcaption>Leaving Central</figcaption></figure>' +
        '<figure><img src="https://old.example/signal.png" alt="Signal No. 8" /></figure></figure>',
    );
    expect(expand('[gallery columns="2"]').html).toBe(
      '<figure><figure><img src="https://old.example/signal.png" alt="Signal No. 8" /></figure></figure>',
    );
  });

  it('leaves a gallery whose attachments are not in the file visible, and reports it', () => {
    expect(expand('[gallery ids="98,99"]')).toEqual({ html: '[gallery ids="98,99"]', unknown: ['gallery'] });
  });

  it('plays audio and video files, and YouTube through its player', () => {
    expect(expand('[audio mp3="https://old.example/briefing.mp3"]').html).toBe(
      '<figure><audio controls src="https://old.example/briefing.mp3"></audio></figure>',
    );
    expect(
      expand('[video src="https://old.example/swim.mp4" width="640" height="360" poster="https://old.example/swim.jpg"][/video]').html,
    ).toBe(
      '<figure><video controls src="https://old.example/swim.mp4" poster="https://old.example/swim.jpg" width="640" height="360"></video></figure>',
    );
    expect(expand('[video src="https://www.youtube.com/watch?v=Xy3hK9pQm2A"]').html).toContain('youtube-nocookie.com/embed/Xy3hK9pQm2A');
  });

  it('leaves unknown shortcodes visible and names each once, in order', () => {
    const text = 'Tip us off: [contact-form-7 id="3" title="Tip-off"] or vote [poll id="7"]. [contact-form-7 id="4"] [box]Inside[/box]';
    expect(expand(text)).toEqual({ html: text, unknown: ['contact-form-7', 'poll', 'box'] });
  });

  it('prints an escaped shortcode literally and reports nothing', () => {
    expect(expand('Write [[gallery]] or [[caption]text[/caption]] to show them.')).toEqual({
      html: 'Write [gallery] or [caption]text[/caption] to show them.',
      unknown: [],
    });
  });

  it('does not mistake brackets in prose for shortcodes', () => {
    const text = 'The fare [correction: $5.40] rose [1]. [Updated 5pm] Costs [a\n\nb] are up.';
    expect(expand(text)).toEqual({ html: text, unknown: [] });
  });

  it('leaves shortcode-like text inside an HTML tag alone', () => {
    const text = '<a href="/fares" title="[poll id=7]">fares</a>';
    expect(expand(text)).toEqual({ html: text, unknown: [] });
  });
});

describe('parseAttributes', () => {
  it('reads quoted, single-quoted, bare and positional values as WordPress does', () => {
    expect(parseAttributes(' id="3" Title=\'Tip-off\' width=800 loud "quiet please"')).toEqual({
      id: '3',
      title: 'Tip-off',
      width: '800',
      '0': 'loud',
      '1': 'quiet please',
    });
  });
});

describe('autoembed', () => {
  it('embeds an address alone on its line or in its own paragraph, not one inside a sentence or a <pre>', () => {
    const html =
      'Watch:\nhttps://www.youtube.com/watch?v=Xy3hK9pQm2A\nand https://youtu.be/Xy3hK9pQm2A too.\n<p>https://vimeo.com/76979871</p>\n<pre>\nhttps://youtu.be/Xy3hK9pQm2A\n</pre>';
    const embedded = autoembed(html);
    expect(embedded.match(/<iframe/g)).toHaveLength(2);
    expect(embedded).toContain('and https://youtu.be/Xy3hK9pQm2A too.');
    expect(embedded).toContain('<pre>\nhttps://youtu.be/Xy3hK9pQm2A\n</pre>');
  });

  it('links an address of another service alone on its line', () => {
    expect(autoembed('https://social.example/status/42')).toBe(
      '<a href="https://social.example/status/42">https://social.example/status/42</a>',
    );
  });
});

describe('wordpressBody', () => {
  it('expands, paragraphs and sanitizes a classic-editor body, noting unknown shortcodes', () => {
    const body = wordpressBody(
      'Fares rise.\n\n[caption width="1"]<img src="https://old.example/a.jpg" alt="A" /> Pier[/caption]\n\n[poll id="7"]\n\n<script>alert(1)</script>',
      context,
    );
    expect(body).toEqual({
      html: '<p>Fares rise.</p>\n<figure><img src="https://old.example/a.jpg" alt="A" /><figcaption>Pier</figcaption></figure>\n<p>[poll id="7"]</p>',
      notes: [{ code: 'unknown_shortcode', detail: 'poll' }],
    });
  });

  it('does not run wpautop on block-editor content, and drops its block markers', () => {
    const body = wordpressBody(
      '<!-- wp:paragraph -->\n<p>One</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:paragraph -->\n<p>Two\nlines</p>\n<!-- /wp:paragraph -->',
      context,
    );
    expect(body.html).toBe('<p>One</p>\n\n<p>Two\nlines</p>');
  });

  it('notes an empty body', () => {
    expect(wordpressBody('  \n', context)).toEqual({ html: '', notes: [{ code: 'body_empty' }] });
  });
});
