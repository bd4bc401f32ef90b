import { describe, expect, it } from 'vitest';
import { wpautop } from './wpautop.ts';

/*
 * Each expected output was worked out by following WordPress 6.x's wpautop()
 * (wp-includes/formatting.php) step by step on the input, as PHP would run it.
 */
describe('wpautop', () => {
  it('makes paragraphs of blank-line-separated text and <br /> of single line breaks', () => {
    expect(wpautop('Ferries run late tonight\nafter the fireworks.\n\nBuses follow the usual timetable.')).toBe(
      '<p>Ferries run late tonight<br />\nafter the fireworks.</p>\n<p>Buses follow the usual timetable.</p>\n',
    );
  });

  it('returns nothing for text that is only whitespace', () => {
    expect(wpautop(' \n\t\n ')).toBe('');
  });

  it('never wraps a block element in a paragraph', () => {
    expect(wpautop('Intro\n<h2>Heading</h2>\nBody text')).toBe('<p>Intro</p>\n<h2>Heading</h2>\n<p>Body text</p>\n');
    expect(wpautop('Above\n<hr />\nBelow')).toBe('<p>Above</p>\n<hr />\n<p>Below</p>\n');
  });

  it('leaves <pre> exactly as written, blank lines and all', () => {
    expect(wpautop('Code:\n\n<pre>line one\n\nline two<br>\n  indented</pre>\n\nAfter')).toBe(
      '<p>Code:</p>\n<pre>line one\n\nline two<br>\n  indented</pre>\n<p>After</p>\n',
    );
  });

  it('keeps list items out of paragraphs', () => {
    expect(wpautop('<ul>\n<li>Central</li>\n<li>Wan Chai</li>\n</ul>')).toBe('<ul>\n<li>Central</li>\n<li>Wan Chai</li>\n</ul>\n');
  });

  it('moves the paragraph inside a blockquote', () => {
    expect(wpautop('<blockquote>Fares must rise.</blockquote>')).toBe('<blockquote><p>Fares must rise.</p></blockquote>\n');
  });

  it('does not wrap a paragraph that is already there', () => {
    expect(wpautop('<p>Already a paragraph.</p>\nNext')).toBe('<p>Already a paragraph.</p>\n<p>Next</p>\n');
  });

  it('leaves text directly inside a div unwrapped, without stray line breaks', () => {
    expect(wpautop('<div>\nBoxed text\n</div>')).toBe('<div>\nBoxed text\n</div>\n');
  });

  it('turns two <br>s into a paragraph break and normalises the rest to <br />', () => {
    expect(wpautop('One<br><br>Two<br/>Three')).toBe('<p>One</p>\n<p>Two<br />Three</p>\n');
  });

  it('keeps a line break inside a tag as a line break, not a <br />', () => {
    expect(wpautop('See the <a\nhref="https://example.org/">timetable</a> here')).toBe(
      '<p>See the <a\nhref="https://example.org/">timetable</a> here</p>\n',
    );
  });

  it('keeps the line breaks of a script as they are', () => {
    expect(wpautop('<script>a();\nb();</script>')).toBe('<p><script>a();\nb();</script></p>\n');
  });

  it('treats only ASCII whitespace as blank, as PHP does (an ideographic space is text)', () => {
    expect(wpautop('第一段\n\u3000\n第二段')).toBe('<p>第一段<br />\n\u3000<br />\n第二段</p>\n');
    expect(wpautop('第一段\n \n第二段')).toBe('<p>第一段</p>\n<p>第二段</p>\n');
  });

  it('does not put <p> or <br /> around the sources of a video', () => {
    expect(wpautop('Watch:\n\n<video controls>\n<source src="a.mp4" />\n</video>')).toBe(
      '<p>Watch:</p>\n<p><video controls><source src="a.mp4" /></video></p>\n',
    );
  });

  it('collapses the line breaks around a figcaption', () => {
    expect(wpautop('<figure><img src="a.jpg" alt="" />\n<figcaption>A pier</figcaption>\n</figure>')).toBe(
      '<figure><img src="a.jpg" alt="" /><figcaption>A pier</figcaption></figure>\n',
    );
  });

  it('can leave single line breaks alone', () => {
    expect(wpautop('One\nTwo\n\nThree', false)).toBe('<p>One\nTwo</p>\n<p>Three</p>\n');
  });
});
