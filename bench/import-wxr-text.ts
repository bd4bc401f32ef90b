/**
 * What a WordPress newsroom's database holds, as its classic editor saved it: paragraphs separated
 * by blank lines and no <p>, inline <strong>/<a>, [caption] and other shortcodes, entities,
 * Chinese text, and readers' comments with the odd link or bit of HTML.
 */
import { SITE } from './import-wxr-xml.ts';
import { headline, int, pick, type Random } from './text.ts';

const CHINESE = `香港 政府 今日 宣布 新 渡輪 航線 居民 區議會 公屋 計劃 交通 港鐵 巴士 颱風 天文台 信號 市民 海濱 長廊 旅客
經濟 學校 醫院 急症室 輪候 時間 延長 加價 建議 立法會 委員會 討論 漁民 街市 菜價 上升 下跌 預計 明年 完成 工程 隧道 大橋
離島 大嶼山 南丫島 長洲 中環 旺角 深水埗 觀塘 沙田 元朗 屯門 記者 報道 表示 認為 擔心 支持 反對 調查 發現 超過 一半 數字 報告`
  .split(/\s+/)
  .filter(Boolean);

const ENGLISH_TOUCHES = [
  'Lam &amp; Partners',
  'the council&#8217;s plan',
  '“not before spring,”',
  'a 15&nbsp;per cent rise',
  'Tsang & Sons',
];

/** One sentence of Cantonese-press Chinese: a run of words, a comma, a full stop. */
export function chineseSentence(rnd: Random): string {
  const words = Array.from({ length: int(rnd, 8, 16) }, () => pick(rnd, CHINESE));
  words.splice(int(rnd, 3, words.length - 2), 0, '，');
  return `${words.join('')}。`;
}

const sentence = (rnd: Random) => `${headline(rnd)}.`;

/** Wraps a few words of a sentence in an inline element, as editors do for emphasis and links. */
function markUp(rnd: Random, text: string, open: string, close: string): string {
  const words = text.split(' ');
  if (words.length < 4) return text;
  const from = int(rnd, 1, words.length - 3);
  const to = from + int(rnd, 1, 2);
  return [...words.slice(0, from), `${open}${words.slice(from, to).join(' ')}${close}`, ...words.slice(to)].join(' ');
}

function englishParagraph(rnd: Random): string {
  const sentences = Array.from({ length: int(rnd, 3, 5) }, () => sentence(rnd));
  if (rnd() < 0.25) sentences[0] = markUp(rnd, sentences[0]!, '<strong>', '</strong>');
  if (rnd() < 0.15) {
    const href =
      rnd() < 0.5
        ? `${SITE}/${int(rnd, 2016, 2026)}/0${int(rnd, 1, 9)}/${int(rnd, 100, 999)}/`
        : `https://gov.example.hk/press/${int(rnd, 1, 99_999)}.htm`;
    sentences[1] = markUp(rnd, sentences[1]!, `<a href="${href}">`, '</a>');
  }
  if (rnd() < 0.1) sentences[2] = markUp(rnd, sentences[2]!, '<em>', '</em>');
  if (rnd() < 0.06) sentences.push(`It is ${pick(rnd, ENGLISH_TOUCHES)}, officials said.`);
  // A single line break inside a paragraph, which wpautop turns into <br />.
  return rnd() < 0.05
    ? `${sentences.join(' ')}\nReporting by the ${pick(rnd, ['harbour', 'islands', 'business'])} desk.`
    : sentences.join(' ');
}

export interface BodyContext {
  /** Attachments this post may show: its own upload first. */
  readonly images: ReadonlyArray<{ readonly id: number; readonly url: string }>;
}

/** A classic-editor body of 3–8 paragraphs, about 1.5 KB. */
export function postBody(rnd: Random, context: BodyContext): string {
  const blocks: string[] = Array.from({ length: int(rnd, 3, 8) }, () =>
    rnd() < 0.08 ? Array.from({ length: int(rnd, 2, 4) }, () => chineseSentence(rnd)).join('') : englishParagraph(rnd),
  );
  const insert = (block: string) => blocks.splice(int(rnd, 1, blocks.length), 0, block);
  const image = context.images.length > 0 ? context.images[0]! : null;
  if (image && rnd() < 0.5) {
    insert(
      `[caption id="attachment_${image.id}" align="aligncenter" width="800"]<img class="size-large wp-image-${image.id}" ` +
        `src="${image.url}" alt="${headline(rnd)}" width="800" height="533" /> ${sentence(rnd)}[/caption]`,
    );
  }
  if (rnd() < 0.1) insert(`<h2>${headline(rnd)}</h2>`);
  if (rnd() < 0.05) insert(`<blockquote>“${sentence(rnd)}”</blockquote>`);
  if (rnd() < 0.05) insert(`<ul>\n${Array.from({ length: int(rnd, 2, 5) }, () => `\t<li>${headline(rnd)}</li>`).join('\n')}\n</ul>`);
  if (rnd() < 0.02) insert(`https://www.youtube.com/watch?v=${videoId(rnd)}`);
  if (rnd() < 0.01) insert(`[embed]https://vimeo.com/${int(rnd, 10_000_000, 99_999_999)}[/embed]`);
  if (context.images.length > 2 && rnd() < 0.2) insert(`[gallery ids="${context.images.map((i) => i.id).join(',')}"]`);
  if (rnd() < 0.005)
    insert(pick(rnd, ['[contact-form-7 id="42" title="Send us a tip"]', '[poll id="7"]', '[newsletter_signup list="daily"]']));
  // Rare, but it is what makes WordPress split a CDATA section in two.
  if (rnd() < 0.0005) insert('<pre>if (rates[district[0]]> limit) alert();</pre>');
  return blocks.join('\n\n');
}

function videoId(rnd: Random): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  return Array.from({ length: 11 }, () => alphabet[int(rnd, 0, alphabet.length - 1)]).join('');
}

export function postTitle(rnd: Random): string {
  const r = rnd();
  if (r < 0.05)
    return chineseSentence(rnd)
      .replace(/[，。]/g, '')
      .slice(0, 18);
  if (r < 0.07) return `${headline(rnd)} & ${headline(rnd).toLowerCase()}`;
  if (r < 0.09) return `“${headline(rnd)}”, ${pick(rnd, ['residents say', 'says minister', 'warns union'])}`;
  return headline(rnd);
}

/** Most WordPress posts have no hand-written excerpt. */
export function excerpt(rnd: Random): string {
  if (rnd() < 0.6) return '';
  return rnd() < 0.1 ? chineseSentence(rnd) : `${sentence(rnd)} ${sentence(rnd)}`;
}

const SPAM = [
  'Great article! Visit <a href="https://cheap-watches.example/">cheap watches</a> for the best deals.',
  'Thanks for sharing. https://loans.example/fast-cash-today',
  'Very informative post, I have bookmarked your site <a href="https://seo.example/">seo services</a>',
];

/** A reader's comment as WordPress stored it: mostly plain text, sometimes with a link or HTML. */
export function commentContent(rnd: Random, approval: string): string {
  if (approval === 'spam') return pick(rnd, SPAM);
  const paragraphs = Array.from({ length: rnd() < 0.7 ? 1 : rnd() < 0.85 ? 2 : 3 }, () =>
    rnd() < 0.08 ? chineseSentence(rnd) : Array.from({ length: int(rnd, 1, 3) }, () => sentence(rnd)).join(' '),
  );
  const r = rnd();
  if (r < 0.02) paragraphs[0] = markUp(rnd, paragraphs[0]!, '<a href="https://blog.example.net/harbour-notes">', '</a>');
  else if (r < 0.04) paragraphs[0] = markUp(rnd, paragraphs[0]!, '<strong>', '</strong>');
  else if (r < 0.05) paragraphs.push('Lam &amp; Co said the same, and so did Tsang & Sons.');
  else if (r < 0.051) paragraphs.push('<script>alert("hello")</script>Nice try.');
  return paragraphs.join('\n\n');
}
