/** The bulk of the export: posts with their terms, meta and comment threads, and the images uploaded to them. */
import { POST_STATUSES, wpSlug, type Person, type PostStatus, type SitePlan } from './import-wxr-plan.ts';
import { chineseSentence, commentContent, excerpt, postBody, postTitle } from './import-wxr-text.ts';
import { cdata, commentmeta, escapeText, itemHead, postmeta, SITE, sqlDate, type Sink } from './import-wxr-xml.ts';
import { int, personNames, pick, type Random } from './text.ts';

const HOUR = 3_600_000;
const SITE_OFFSET_MS = 8 * HOUR;

/** What has been written so far, kept for the benchmark's check that the import brought all of it over. */
export interface Tally {
  readonly posts: Record<PostStatus, number>;
  featuredImages: number;
  readonly comments: { approved: number; pending: number; spam: number; replies: number };
}

export function emptyTally(): Tally {
  return {
    posts: Object.fromEntries(POST_STATUSES.map((s) => [s, 0])) as Record<PostStatus, number>,
    featuredImages: 0,
    comments: { approved: 0, pending: 0, spam: 0, replies: 0 },
  };
}

/** Writes post `i` and, just before it, the image uploaded to it. Posts' dates rise with their index. */
export class ItemWriter {
  private readonly slugs = new Set<string>();
  private readonly commenters: string[];
  private nextCommentId = 1;
  private readonly step: number;

  constructor(
    private readonly plan: SitePlan,
    private readonly sink: Sink,
    /** Content and comments draw from separate streams, so changing one leaves the other as it was. */
    private readonly rnd: Random,
    private readonly talk: Random,
    private readonly tally: Tally,
    private readonly span: { readonly start: number; readonly exportedAt: number },
  ) {
    this.commenters = personNames(talk, 600);
    this.step = (span.exportedAt - span.start) / plan.shape.posts;
  }

  async item(i: number): Promise<void> {
    const own = this.plan.ownAttachment[i]!;
    if (own >= 0) await this.attachment(own);
    await this.post(i);
  }

  private baseTime(postIndex: number): number {
    return this.span.start + postIndex * this.step;
  }

  private image(j: number): { id: number; url: string; file: string } {
    const id = this.plan.attachmentId[j]!;
    const day = sqlDate(this.baseTime(this.plan.attachmentOwner[j]!));
    const file = `${day.slice(0, 4)}/${day.slice(5, 7)}/harbour-${id}.${id % 10 === 0 ? 'png' : 'jpg'}`;
    return { id, url: `${SITE}/wp-content/uploads/${file}`, file };
  }

  private async attachment(j: number): Promise<void> {
    const { rnd } = this;
    const { id, url, file } = this.image(j);
    const at = this.baseTime(this.plan.attachmentOwner[j]!) - HOUR / 3;
    const meta = `a:4:{s:5:"width";i:1600;s:6:"height";i:1067;s:4:"file";s:${Buffer.byteLength(file)}:"${file}";s:10:"image_meta";a:0:{}}`;
    const alt =
      rnd() < 0.8
        ? `${pick(rnd, ['Ferries', 'Residents', 'Crowds', 'Officials'])} at ${pick(rnd, ['Central Pier', 'Mong Kok', 'Tai O'])}`
        : '';
    const caption = rnd() < 0.5 ? (rnd() < 0.1 ? chineseSentence(rnd) : 'Photo: Harbour Ledger staff') : '';
    await this.sink.write(
      itemHead({
        title: `harbour-${id}`,
        link: `${SITE}/?attachment_id=${id}`,
        publishedAt: at,
        modifiedAt: at,
        localAt: at,
        creator: this.author().login,
        guid: url,
        content: '',
        excerpt: caption,
        id,
        commentStatus: 'open',
        slug: `harbour-${id}`,
        status: 'inherit',
        parent: this.plan.postId[this.plan.attachmentOwner[j]!]!,
        menuOrder: 0,
        type: 'attachment',
        password: '',
        sticky: false,
      }) +
        `\t\t<wp:attachment_url>${cdata(url)}</wp:attachment_url>\n` +
        postmeta('_wp_attached_file', file) +
        postmeta('_wp_attachment_metadata', meta) +
        (alt ? postmeta('_wp_attachment_image_alt', alt) : '') +
        '\t</item>\n',
    );
  }

  /** Staff writers publish unevenly: a few bylines carry most of the paper. */
  private author(): Person {
    return this.plan.authors[Math.floor(this.plan.authors.length * this.rnd() ** 2)]!;
  }

  private uniqueSlug(title: string): string {
    const base = wpSlug(title);
    let slug = base;
    for (let n = 2; this.slugs.has(slug); n++) slug = `${base}-${n}`;
    this.slugs.add(slug);
    return slug;
  }

  private async post(i: number): Promise<void> {
    const { plan, rnd, span } = this;
    const id = plan.postId[i]!;
    const status = POST_STATUSES[plan.status[i]!]!;
    this.tally.posts[status]++;
    const title = postTitle(rnd);
    const author = this.author();
    const at = status === 'future' ? span.exportedAt + int(rnd, 1, 90 * 24) * HOUR : this.baseTime(i) + rnd() * 0.9 * this.step;
    // Half the drafts were never saved with a slug or a GMT date: WordPress leaves both empty.
    const neverSaved = (status === 'draft' || status === 'pending') && rnd() < 0.5;
    const slug = neverSaved ? '' : this.uniqueSlug(title) + (status === 'trash' ? '__trashed' : '');
    const modified =
      status === 'future' ? span.exportedAt - 24 * HOUR : Math.min(at + (rnd() < 0.3 ? rnd() * 30 * 24 * HOUR : 0), span.exportedAt);
    const day = sqlDate(at);
    const visible = status === 'publish' || status === 'protected' || status === 'private';
    const thumb = plan.thumbnail[i]!;
    if (thumb >= 0) this.tally.featuredImages++;
    const own = plan.ownAttachment[i]!;
    const shown = own >= 0 ? [own, int(rnd, 0, own), int(rnd, 0, own)] : thumb >= 0 ? [thumb] : [];
    await this.sink.write(
      itemHead({
        title,
        link: visible ? `${SITE}/${day.slice(0, 4)}/${day.slice(5, 7)}/${slug}/` : `${SITE}/?p=${id}`,
        publishedAt: neverSaved ? null : at,
        modifiedAt: modified,
        localAt: at,
        creator: author.login,
        guid: `${SITE}/?p=${id}`,
        content: postBody(rnd, { images: shown.map((j) => this.image(j)) }),
        excerpt: excerpt(rnd),
        id,
        commentStatus: rnd() < 0.9 ? 'open' : 'closed',
        slug,
        status: status === 'protected' ? 'publish' : status,
        parent: 0,
        menuOrder: 0,
        type: 'post',
        password: status === 'protected' ? `press${id % 1000}` : '',
        sticky: i % 20_000 === 7,
      }) +
        this.terms() +
        postmeta('_edit_last', String(author.id)) +
        (thumb >= 0 ? postmeta('_thumbnail_id', String(plan.attachmentId[thumb])) : '') +
        (status === 'trash'
          ? postmeta('_wp_trash_meta_status', 'publish') + postmeta('_wp_trash_meta_time', String(Math.floor(modified / 1000)))
          : ''),
    );
    await this.comments(plan.commentCount[i]!, at, author);
    await this.sink.write('\t</item>\n');
  }

  /** 1–2 categories and 1–3 tags; the popular ones far more often, as on any news site. */
  private terms(): string {
    const { categories, tags } = this.plan;
    const chosen = new Map<string, string>();
    for (let n = int(this.rnd, 1, 2); n > 0; n--) {
      const c = categories[Math.floor(categories.length * this.rnd() ** 1.5)]!;
      chosen.set(`category ${c.slug}`, `\t\t<category domain="category" nicename="${escapeText(c.slug)}">${cdata(c.name)}</category>\n`);
    }
    for (let n = int(this.rnd, 1, 3); n > 0; n--) {
      const t = tags[Math.floor(tags.length * this.rnd() ** 2.5)]!;
      chosen.set(`post_tag ${t.slug}`, `\t\t<category domain="post_tag" nicename="${escapeText(t.slug)}">${cdata(t.name)}</category>\n`);
    }
    return [...chosen.values()].join('');
  }

  /** A thread in id order, so every parent comes before its replies, as WordPress lists them. */
  private async comments(count: number, postedAt: number, author: Person): Promise<void> {
    const { talk, tally } = this;
    const answerable: number[] = [];
    let at = postedAt;
    for (let k = 0; k < count; k++) {
      const id = this.nextCommentId++;
      at += int(talk, 1, 90) * 60_000;
      const r = talk();
      const approval = r < 0.9 ? '1' : r < 0.96 ? '0' : 'spam';
      tally.comments[approval === '1' ? 'approved' : approval === '0' ? 'pending' : 'spam']++;
      const parent = answerable.length > 0 && approval !== 'spam' && talk() < 0.35 ? pick(talk, answerable) : 0;
      if (parent !== 0) tally.comments.replies++;
      const staff = parent !== 0 && approval === '1' && talk() < 0.05;
      // A few regulars write most comments.
      const c = Math.floor(20_000 * talk() ** 3);
      const name = staff ? author.displayName : this.commenters[c % this.commenters.length]!;
      const email = staff
        ? `${author.login}@harbourledger.example`
        : talk() < 0.03
          ? ''
          : `${wpSlug(name).replace(/-/g, '.')}.${c}@mail.example`;
      const url =
        approval === 'spam'
          ? 'https://cheap-watches.example/?ref=comment&id=7'
          : !staff && talk() < 0.15
            ? `https://blog.example.net/${c}`
            : '';
      const ip =
        c % 20 === 0
          ? `2001:db8::${(c * 7919).toString(16)}`
          : `${10 + (c % 200)}.${(c * 7) % 256}.${(c * 13) % 256}.${((c * 31) % 254) + 1}`;
      await this.sink.write(
        `\t\t<wp:comment>\n\t\t\t<wp:comment_id>${id}</wp:comment_id>\n\t\t\t<wp:comment_author>${cdata(name)}</wp:comment_author>\n` +
          `\t\t\t<wp:comment_author_email>${cdata(email)}</wp:comment_author_email>\n` +
          `\t\t\t<wp:comment_author_url>${escapeText(url)}</wp:comment_author_url>\n\t\t\t<wp:comment_author_IP>${cdata(ip)}</wp:comment_author_IP>\n` +
          `\t\t\t<wp:comment_date>${cdata(sqlDate(at + SITE_OFFSET_MS))}</wp:comment_date>\n\t\t\t<wp:comment_date_gmt>${cdata(sqlDate(at))}</wp:comment_date_gmt>\n` +
          `\t\t\t<wp:comment_content>${cdata(commentContent(talk, approval))}</wp:comment_content>\n` +
          `\t\t\t<wp:comment_approved>${cdata(approval)}</wp:comment_approved>\n\t\t\t<wp:comment_type>${cdata('comment')}</wp:comment_type>\n` +
          `\t\t\t<wp:comment_parent>${parent}</wp:comment_parent>\n\t\t\t<wp:comment_user_id>${staff ? author.id : 0}</wp:comment_user_id>\n` +
          (approval === 'spam' ? commentmeta('akismet_result', 'true') : '') +
          '\t\t</wp:comment>\n',
      );
      if (approval === '1') answerable.push(id);
    }
  }
}
