/** The parts of the export around the posts: the channel, its people and terms, the pages, the menu. */
import type { SitePlan } from './import-wxr-plan.ts';
import { chineseSentence, postBody } from './import-wxr-text.ts';
import { cdata, escapeText, itemHead, postmeta, pubDate, SITE, type Sink } from './import-wxr-xml.ts';
import { int, type Random } from './text.ts';

/** Menu items refer to this term; it is in no taxonomy the importer knows. */
const MENU_TERM = { slug: 'main-menu', name: 'Main menu' };

export async function writeChannelHead(sink: Sink, plan: SitePlan, exportedAt: number): Promise<void> {
  await sink.write(
    '<?xml version="1.0" encoding="UTF-8" ?>\n' +
      '<!-- A WordPress eXtended RSS (WXR) export, generated for the Broadsheet import benchmark. -->\n' +
      '<rss version="2.0"\n\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"\n' +
      '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n\txmlns:wfw="http://wellformedweb.org/CommentAPI/"\n' +
      '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n\txmlns:wp="http://wordpress.org/export/1.2/"\n>\n\n<channel>\n' +
      `\t<title>The Harbour Ledger</title>\n\t<link>${SITE}</link>\n\t<description>News from the harbour city</description>\n` +
      `\t<pubDate>${pubDate(exportedAt)}</pubDate>\n\t<language>en-HK</language>\n\t<wp:wxr_version>1.2</wp:wxr_version>\n` +
      `\t<wp:base_site_url>${SITE}</wp:base_site_url>\n\t<wp:base_blog_url>${SITE}</wp:base_blog_url>\n\n`,
  );
  for (const a of plan.authors) {
    await sink.write(
      `\t<wp:author><wp:author_id>${a.id}</wp:author_id><wp:author_login>${cdata(a.login)}</wp:author_login>` +
        `<wp:author_email>${cdata(`${a.login}@harbourledger.example`)}</wp:author_email>` +
        `<wp:author_display_name>${cdata(a.displayName)}</wp:author_display_name>` +
        `<wp:author_first_name>${cdata(a.firstName)}</wp:author_first_name><wp:author_last_name>${cdata(a.lastName)}</wp:author_last_name></wp:author>\n`,
    );
  }
  let termId = 2;
  for (const c of plan.categories) {
    const description =
      c.parentSlug === '' ? `\n\t\t<wp:category_description>${cdata(`${c.name} & more from our reporters`)}</wp:category_description>` : '';
    await sink.write(
      `\t<wp:category>\n\t\t<wp:term_id>${termId++}</wp:term_id>\n\t\t<wp:category_nicename>${cdata(c.slug)}</wp:category_nicename>\n` +
        `\t\t<wp:category_parent>${cdata(c.parentSlug)}</wp:category_parent>\n\t\t<wp:cat_name>${cdata(c.name)}</wp:cat_name>${description}\n\t</wp:category>\n`,
    );
  }
  for (const t of plan.tags) {
    await sink.write(
      `\t<wp:tag>\n\t\t<wp:term_id>${termId++}</wp:term_id>\n\t\t<wp:tag_slug>${cdata(t.slug)}</wp:tag_slug>\n\t\t<wp:tag_name>${cdata(t.name)}</wp:tag_name>\n\t</wp:tag>\n`,
    );
  }
  await sink.write(
    `\t<wp:term>\n\t\t<wp:term_id>${termId}</wp:term_id>\n\t\t<wp:term_taxonomy>${cdata('nav_menu')}</wp:term_taxonomy>\n` +
      `\t\t<wp:term_slug>${cdata(MENU_TERM.slug)}</wp:term_slug>\n\t\t<wp:term_name>${cdata(MENU_TERM.name)}</wp:term_name>\n\t</wp:term>\n\n` +
      '\t<generator>https://wordpress.org/?v=6.4.2</generator>\n\n',
  );
}

/** The pages every newspaper site has; a few are children of another, one is in Chinese, two are drafts. */
const PAGES: ReadonlyArray<{ readonly title: string; readonly parent?: number; readonly draft?: boolean; readonly body?: string }> = [
  { title: 'About us' },
  { title: 'Contact', body: 'Tell us what is happening in your district.\n\n[contact-form-7 id="42" title="Send us a tip"]' },
  { title: 'Corrections policy' },
  { title: 'Advertise with us' },
  { title: 'Privacy policy' },
  { title: 'Terms of use' },
  { title: 'Newsletters' },
  { title: 'Ethics and standards' },
  { title: 'Careers', parent: 0 },
  { title: 'Our team', parent: 0 },
  { title: 'Comment policy', parent: 7 },
  { title: '關於我們' },
  { title: 'Events' },
  { title: 'Podcasts' },
  { title: 'Accessibility' },
  { title: 'Subscribe' },
  { title: 'Awards', parent: 0 },
  { title: 'Archive' },
  { title: 'Election guide', draft: true },
  { title: 'Typhoon season explainer', draft: true },
];

const pageSlug = (title: string) =>
  title === '關於我們' ? '%e9%97%9c%e6%96%bc%e6%88%91%e5%80%91' : title.toLowerCase().replaceAll(' ', '-');

export async function writePages(sink: Sink, plan: SitePlan, rnd: Random, start: number): Promise<void> {
  for (let k = 0; k < plan.shape.pages; k++) {
    const page = PAGES[k % PAGES.length]!;
    const id = plan.pageId[k]!;
    const slug = k < PAGES.length ? pageSlug(page.title) : `${pageSlug(page.title)}-${k}`;
    const parentSlug = page.parent === undefined ? '' : `${pageSlug(PAGES[page.parent]!.title)}/`;
    const at = start + k * 86_400_000;
    const body =
      page.body ??
      (page.title === '關於我們' ? Array.from({ length: 3 }, () => chineseSentence(rnd)).join('\n\n') : postBody(rnd, { images: [] }));
    await sink.write(
      itemHead({
        title: page.title,
        link: page.draft ? `${SITE}/?page_id=${id}` : `${SITE}/${parentSlug}${slug}/`,
        publishedAt: at,
        modifiedAt: at + int(rnd, 0, 400) * 86_400_000,
        localAt: at,
        creator: plan.authors[0]!.login,
        guid: `${SITE}/?page_id=${id}`,
        content: body,
        excerpt: '',
        id,
        commentStatus: 'closed',
        slug,
        status: page.draft ? 'draft' : 'publish',
        parent: page.parent === undefined ? 0 : plan.pageId[page.parent]!,
        menuOrder: k,
        type: 'page',
        password: '',
        sticky: false,
      }) +
        postmeta('_edit_last', '1') +
        postmeta('_wp_page_template', 'default') +
        '\t</item>\n',
    );
  }
}

/** Menu entries, which WordPress exports as items of their own and an importer must skip. */
export async function writeMenuItems(sink: Sink, plan: SitePlan, exportedAt: number): Promise<void> {
  const sections = plan.categories.filter((c) => c.parentSlug === '');
  for (let k = 0; k < plan.menuItemIds.length; k++) {
    const id = plan.menuItemIds[k]!;
    await sink.write(
      itemHead({
        title: sections[k % sections.length]!.name,
        link: `${SITE}/?p=${id}`,
        publishedAt: exportedAt,
        modifiedAt: exportedAt,
        localAt: exportedAt,
        creator: plan.authors[0]!.login,
        guid: `${SITE}/?p=${id}`,
        content: '',
        excerpt: '',
        id,
        commentStatus: 'closed',
        slug: String(id),
        status: 'publish',
        parent: 0,
        menuOrder: k + 1,
        type: 'nav_menu_item',
        password: '',
        sticky: false,
      }) +
        `\t\t<category domain="nav_menu" nicename="${escapeText(MENU_TERM.slug)}">${cdata(MENU_TERM.name)}</category>\n` +
        postmeta('_menu_item_type', 'taxonomy') +
        postmeta('_menu_item_object', 'category') +
        '\t</item>\n',
    );
  }
}
