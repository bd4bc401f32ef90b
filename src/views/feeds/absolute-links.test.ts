import { describe, expect, it } from 'vitest';
import { absoluteLinks } from './document.ts';

describe('links in a feed’s bodies', () => {
  it('makes root-relative links, sources and every srcset candidate absolute, and leaves other addresses alone', () => {
    const html =
      '<a href="/articles/a">A</a><a href="//cdn.example/x">B</a>' +
      '<picture><source type="image/avif" srcset="/media/320x240-a.avif 320w, /media/960x720-b.avif 960w"/>' +
      '<img src="/media/320x240-c.jpg" srcset="/media/320x240-c.jpg 320w, https://old.example/d.jpg 960w"/></picture>';
    expect(absoluteLinks(html, 'https://news.example')).toBe(
      '<a href="https://news.example/articles/a">A</a><a href="//cdn.example/x">B</a>' +
        '<picture><source type="image/avif" srcset="https://news.example/media/320x240-a.avif 320w, https://news.example/media/960x720-b.avif 960w"/>' +
        '<img src="https://news.example/media/320x240-c.jpg" srcset="https://news.example/media/320x240-c.jpg 320w, https://old.example/d.jpg 960w"/></picture>',
    );
  });
});
