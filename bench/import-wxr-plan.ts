/**
 * The shape of the WordPress site the import benchmark exports: who writes, how posts are filed,
 * which status each post has, how many comments it drew and which image it features. Decided
 * up front from a seed, so every run writes the same file and the XML writer only follows it.
 */
import { int, personNames, seededRandom, tagNames, type Random } from './text.ts';

export interface WxrShape {
  readonly posts: number;
  readonly comments: number;
  readonly authors: number;
  /** Non-hierarchical tags (categories are the fixed tree below). */
  readonly tags: number;
  readonly attachments: number;
  readonly pages: number;
  readonly maxCommentsPerPost: number;
  readonly seed: number;
}

/** The target: 100,000 posts and 500,000 comments. */
export const WXR_SHAPE: WxrShape = {
  posts: 100_000,
  comments: 500_000,
  authors: 50,
  tags: 300,
  attachments: 5_000,
  pages: 20,
  maxCommentsPerPost: 30,
  seed: 20_261_125,
};

/** The same site at another size; the other counts follow the number of posts. */
export function scaledShape(posts: number, comments: number): WxrShape {
  return { ...WXR_SHAPE, posts, comments, attachments: Math.round(posts * 0.05), pages: Math.min(WXR_SHAPE.pages, posts) };
}

/** `protected` is a published post with a password, which WordPress exports as status publish. */
export const POST_STATUSES = ['publish', 'protected', 'draft', 'future', 'private', 'pending', 'trash'] as const;
export type PostStatus = (typeof POST_STATUSES)[number];
/** Shares of the posts that are not simply published; the rest (about 93 %) are. */
const STATUS_SHARES: ReadonlyArray<readonly [PostStatus, number]> = [
  ['protected', 0.01],
  ['draft', 0.03],
  ['future', 0.015],
  ['private', 0.01],
  ['pending', 0.01],
  ['trash', 0.005],
];
/** Only these draw comments: nobody can comment on a draft, and trashed posts are not imported. */
const COMMENTABLE: ReadonlySet<PostStatus> = new Set(['publish', 'protected', 'private']);

export interface Category {
  readonly name: string;
  readonly slug: string;
  readonly parentSlug: string;
}

export interface Person {
  readonly id: number;
  readonly login: string;
  readonly displayName: string;
  readonly firstName: string;
  readonly lastName: string;
}

/** Sections, their desks and a few beats: three levels, as newspaper sites file things. */
const CATEGORY_TREE: Record<string, readonly string[]> = {
  News: ['Hong Kong', 'China', 'World'],
  'Hong Kong': ['Transport', 'Housing', 'Health', '港聞'],
  World: ['Asia', 'Europe'],
  Politics: ['Legislative Council', 'District Councils', 'Elections'],
  Business: ['Markets', 'Property', 'Technology', 'Shipping'],
  Technology: ['Start-ups', 'Fintech'],
  Culture: ['Film', 'Music', 'Food & Drink', 'Heritage'],
  'Food & Drink': ['Dim Sum', 'Street Food'],
  Sport: ['Football', 'Racing', 'Sailing', 'Hiking'],
  Science: ['Climate', 'Environment', 'Space'],
  Opinion: ['Editorials', 'Letters', 'Columns'],
  Travel: ['Outlying Islands', 'Greater Bay Area'],
};
const SECTIONS = ['News', 'Politics', 'Business', 'Culture', 'Sport', 'Science', 'Opinion', 'Travel'];
const CHINESE_TAGS = ['颱風', '港鐵', '公屋', '天文台', '立法會', '渡輪', '海濱長廊', '大嶼山', '茶餐廳', '龍舟'];

/** Letters that Unicode does not decompose but WordPress's remove_accents still spells in ASCII. */
const LETTERS_WITHOUT_ACCENTS: Record<string, string> = { ø: 'o', Ø: 'O', æ: 'ae', Æ: 'AE', ß: 'ss' };

/** WordPress's sanitize_title: accents dropped, lower case, hyphens; other scripts percent-encoded in lower case. */
export function wpSlug(text: string): string {
  const plain = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[øØæÆß]/g, (c) => LETTERS_WITHOUT_ACCENTS[c] ?? c)
    .toLowerCase()
    .replace(/&/g, '')
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .trim()
    .replace(/[\s-]+/g, '-');
  return plain.replace(/[^\x20-\x7e]+/g, (run) => encodeURIComponent(run).toLowerCase()).slice(0, 200);
}

function categories(): Category[] {
  const out: Category[] = [];
  const add = (name: string, parentSlug: string) => {
    out.push({ name, slug: wpSlug(name), parentSlug });
    for (const child of CATEGORY_TREE[name] ?? []) add(child, wpSlug(name));
  };
  for (const section of SECTIONS) add(section, '');
  return out;
}

function people(rnd: Random, count: number): Person[] {
  const logins = new Set<string>();
  return personNames(rnd, count).map((displayName, i) => {
    const [firstName = '', lastName = ''] = displayName.split(' ');
    let login = wpSlug(displayName).replace(/-/g, '');
    while (logins.has(login)) login += 'x';
    logins.add(login);
    return { id: i + 1, login, displayName, firstName, lastName };
  });
}

/**
 * Everything decided before the first byte is written. Per-post facts live in typed arrays: the
 * plan of a million-item site must not itself be what the generator spends its memory on.
 */
export interface SitePlan {
  readonly shape: WxrShape;
  readonly authors: readonly Person[];
  readonly categories: readonly Category[];
  readonly tags: ReadonlyArray<{ readonly name: string; readonly slug: string }>;
  /** Index into POST_STATUSES, per post. */
  readonly status: Uint8Array;
  readonly commentCount: Uint8Array;
  /** Index of the attachment featured on each post, or -1. */
  readonly thumbnail: Int32Array;
  readonly postId: Int32Array;
  readonly attachmentId: Int32Array;
  /** Index of the post each attachment was uploaded to (it comes just before that post). */
  readonly attachmentOwner: Int32Array;
  /** Index of the attachment uploaded to each post, or -1. */
  readonly ownAttachment: Int32Array;
  readonly pageId: Int32Array;
  /** Items after the posts: menu entries, which the importer skips. */
  readonly menuItemIds: Int32Array;
}

/** Post `i` gets an attachment of its own just before it, spread evenly along the file. */
const ownsAttachment = (i: number, shape: WxrShape) =>
  Math.floor(((i + 1) * shape.attachments) / shape.posts) > Math.floor((i * shape.attachments) / shape.posts);

export function planSite(shape: WxrShape): SitePlan {
  if (shape.attachments > shape.posts) throw new RangeError('a site with more attachments than posts is not planned for');
  const rnd = seededRandom(shape.seed);
  const authors = people(rnd, shape.authors);
  const tagList = [...tagNames(rnd, shape.tags - CHINESE_TAGS.length), ...CHINESE_TAGS].map((name) => ({ name, slug: wpSlug(name) }));

  const status = new Uint8Array(shape.posts);
  for (let i = 0; i < shape.posts; i++) {
    let r = rnd();
    const chosen = STATUS_SHARES.find(([, share]) => (r -= share) < 0);
    status[i] = POST_STATUSES.indexOf(chosen ? chosen[0] : 'publish');
  }

  const postId = new Int32Array(shape.posts);
  const attachmentId = new Int32Array(shape.attachments);
  const attachmentOwner = new Int32Array(shape.attachments);
  const ownAttachment = new Int32Array(shape.posts).fill(-1);
  const pageId = Int32Array.from({ length: shape.pages }, (_, k) => k + 2);
  let nextId = shape.pages + 2;
  for (let i = 0, j = 0; i < shape.posts; i++) {
    if (ownsAttachment(i, shape)) {
      attachmentId[j] = nextId++;
      attachmentOwner[j] = i;
      ownAttachment[i] = j++;
    }
    postId[i] = nextId++;
  }
  const menuItemIds = Int32Array.from({ length: 6 }, (_, k) => nextId + k);

  // Most featured images were uploaded to their post; a few are reused from anywhere in the
  // library, so some posts name an attachment that comes later in the file.
  const thumbnail = new Int32Array(shape.posts).fill(-1);
  const reuseShare = shape.posts > shape.attachments ? (0.3 * shape.attachments) / (shape.posts - shape.attachments) : 0;
  for (let i = 0; i < shape.posts; i++) {
    const own = ownAttachment[i]!;
    if (own >= 0 && rnd() < 0.7) thumbnail[i] = own;
    else if (own < 0 && shape.attachments > 0 && rnd() < reuseShare) thumbnail[i] = int(rnd, 0, shape.attachments - 1);
  }

  return {
    shape,
    authors,
    categories: categories(),
    tags: tagList,
    status,
    commentCount: commentCounts(rnd, shape, status),
    thumbnail,
    postId,
    attachmentId,
    attachmentOwner,
    ownAttachment,
    pageId,
    menuItemIds,
  };
}

/**
 * Uneven, as readers are: about a third of posts draw no comment, a few draw the maximum. The
 * draw is then nudged, one comment at a time, to the exact total asked for.
 */
function commentCounts(rnd: Random, shape: WxrShape, status: Uint8Array): Uint8Array {
  const open: number[] = [];
  for (let i = 0; i < shape.posts; i++) if (COMMENTABLE.has(POST_STATUSES[status[i]!]!)) open.push(i);
  const room = open.length * shape.maxCommentsPerPost;
  if (shape.comments > room) {
    throw new RangeError(
      `${shape.comments} comments do not fit: ${open.length} posts take comments, at most ${shape.maxCommentsPerPost} each (${room})`,
    );
  }
  const counts = new Uint8Array(shape.posts);
  const scale = exponentialScale(shape.comments / Math.max(open.length, 1) / 0.65, shape.maxCommentsPerPost);
  let total = 0;
  for (const i of open) {
    const n = rnd() < 0.35 ? 0 : Math.min(shape.maxCommentsPerPost, Math.floor(-Math.log(1 - rnd()) * scale));
    counts[i] = n;
    total += n;
  }
  while (total !== shape.comments) {
    const i = open[Math.floor(rnd() * open.length)]!;
    if (total < shape.comments && counts[i]! < shape.maxCommentsPerPost) {
      counts[i] = counts[i]! + 1;
      total++;
    } else if (total > shape.comments && counts[i]! > 0) {
      counts[i] = counts[i]! - 1;
      total--;
    }
  }
  return counts;
}

/**
 * The scale of an exponential draw whose floor, capped at `max`, averages `mean`: the sum over
 * k = 1…max of P(draw ≥ k) = e^(-k/scale). Found by bisection; the nudging then has little to do.
 */
function exponentialScale(mean: number, max: number): number {
  const expected = (scale: number) => {
    let sum = 0;
    for (let k = 1; k <= max; k++) sum += Math.exp(-k / scale);
    return sum;
  };
  let [low, high] = [1e-3, 1e3];
  for (let step = 0; step < 60; step++) {
    const mid = (low + high) / 2;
    if (expected(mid) < mean) low = mid;
    else high = mid;
  }
  return low;
}
