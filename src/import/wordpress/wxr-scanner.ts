import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { noXmlElement, notWxr, notXml, truncated, xmlProblem } from './problems.ts';
import { ChannelHeader } from './channel-header.ts';
import { WxrNames, wxrPrefixes } from './wxr-names.ts';
import {
  describeItem,
  META_KEYS,
  newAuthor,
  newComment,
  newItem,
  newTerm,
  type WxrAuthor,
  type WxrComment,
  type WxrEntity,
  type WxrItem,
  type WxrPlace,
  type WxrTerm,
} from './wxr.ts';

/** Fields whose place an error may have to name. */
const PLACED_ITEM_FIELDS = new Set(['postId', 'postDate', 'postDateGmt', 'postModified', 'postModifiedGmt', 'attachmentUrl']);
const PLACED_COMMENT_FIELDS = new Set(['id', 'date', 'dateGmt', 'parent']);
type Scope = 'document' | 'rss' | 'channel' | 'author' | 'term' | 'item' | 'postmeta' | 'comment' | 'commentmeta';

/**
 * Turns the parser's events into the entities of a WXR file (wxr.ts), keeping only the item
 * being read. Write the file's text in chunks, `take` what each chunk completed, then `end`.
 */
export class WxrScanner {
  private readonly parser = new SaxesParser<{ xmlns: false; position: true }>({ xmlns: false, position: true });
  private readonly ready: WxrEntity[] = [];
  /** Text and CDATA of the element being read (the first `textParts`), joined when it closes. */
  private readonly text: string[] = [];
  private textParts = 0;
  private readonly scopes: Array<{ scope: Scope; depth: number }> = [];
  private scope: Scope = 'document';
  private scopeDepth = 0;
  private depth = 0;
  private names: WxrNames | null = null;
  private started = false;
  private rootIsRss = false;
  /** Where the element most recently opened starts. */
  private tagLine = 1;
  private tagColumn = 1;
  private readonly header = new ChannelHeader();
  private author: WxrAuthor | null = null;
  private term: WxrTerm | null = null;
  private item: WxrItem | null = null;
  private comment: WxrComment | null = null;
  private itemTermAttributes: Readonly<Record<string, string>> = {};
  private metaKey = '';
  private metaValue = '';

  constructor() {
    const parser = this.parser;
    parser.on('opentagstart', (tag) => {
      this.tagLine = parser.line;
      this.tagColumn = parser.column - tag.name.length - 1;
    });
    parser.on('opentag', (tag) => this.open(tag));
    parser.on('closetag', (tag) => this.close(tag.name));
    parser.on('text', (text) => (this.text[this.textParts++] = text));
    parser.on('cdata', (text) => (this.text[this.textParts++] = text));
    parser.on('error', (error) => {
      const problem = xmlProblem(error.message, this.position(), this.names !== null);
      if (problem) throw problem;
    });
  }

  write(chunk: string): void {
    if (!this.started) {
      // A file that does not start with markup is refused at once, not after reading all of it.
      const opening = chunk.replace(/^[\uFEFF\s]+/, '');
      if (opening !== '') {
        this.started = true;
        if (!opening.startsWith('<')) throw notXml(chunk, chunk.length - opening.length);
      }
    }
    this.parser.write(chunk);
  }

  end(): void {
    if (!this.names) throw noXmlElement(this.position(), !this.started);
    if (this.depth > 0) throw truncated(this.unfinished(), this.position());
    this.parser.close();
    if (!this.header.complete) throw notWxr('it has no <channel> element', this.position(), this.rootIsRss);
  }

  take(): WxrEntity[] {
    return this.ready.splice(0);
  }

  /** Where the parser is: on the character just read (saxes counts columns from 0 at a line's start). */
  private position(): WxrPlace {
    return { line: this.parser.line, column: Math.max(1, this.parser.column) };
  }

  private place(): WxrPlace {
    return { line: this.tagLine, column: this.tagColumn };
  }

  private open(tag: SaxesTagPlain): void {
    const depth = ++this.depth;
    this.textParts = 0;
    if (depth === 1) return this.openRoot(tag);
    if (depth !== this.scopeDepth + 1) return;
    const names = this.names!;
    const name = tag.name;
    switch (this.scope) {
      case 'rss':
        if (name === 'channel') this.enter('channel');
        return;
      case 'channel':
        return this.openInChannel(name, names);
      case 'item':
        if (name === 'category') this.itemTermAttributes = tag.attributes;
        else if (name === names.postmeta) {
          this.metaKey = this.metaValue = '';
          this.enter('postmeta');
        } else if (name === names.comment) {
          this.comment = newComment(this.place());
          this.enter('comment');
        }
        return;
      case 'comment':
        if (name === names.commentmeta) this.enter('commentmeta');
        return;
    }
  }

  private openRoot(tag: SaxesTagPlain): void {
    const prefixes = wxrPrefixes(tag.attributes);
    this.rootIsRss = tag.name === 'rss';
    if (!this.rootIsRss) throw notWxr(`its top element is <${tag.name}>, where a WordPress export has <rss>`, this.place(), false);
    if (!prefixes) {
      throw notWxr('it declares no WordPress export namespace (xmlns:wp="http://wordpress.org/export/1.2/")', this.place(), true);
    }
    this.names = new WxrNames(prefixes);
    this.enter('rss');
  }

  private openInChannel(name: string, names: WxrNames): void {
    if (name === 'item') {
      this.sendHeader();
      this.item = newItem(this.place());
      this.enter('item');
    } else if (name === names.author) {
      this.sendHeader();
      this.author = newAuthor(this.place());
      this.enter('author');
    } else {
      const taxonomy = names.termElements.get(name);
      if (taxonomy === undefined) return;
      this.sendHeader();
      this.term = newTerm(this.place(), taxonomy);
      this.enter('term');
    }
  }

  private close(name: string): void {
    const depth = this.depth--;
    if (depth === this.scopeDepth) return this.leave();
    if (depth !== this.scopeDepth + 1) return;
    const value = this.takeText();
    const names = this.names!;
    switch (this.scope) {
      case 'channel': {
        const field = names.channelFields.get(name);
        if (field) this.header.set(field, value, this.place());
        return;
      }
      case 'author': {
        const field = names.authorFields.get(name);
        if (field) this.author![field] = value;
        return;
      }
      case 'term': {
        const field = names.termFields.get(name);
        if (field) this.term![field] = value;
        return;
      }
      case 'item':
        return this.itemField(name, value, names);
      case 'postmeta':
        if (name === names.metaKey) this.metaKey = value.trim();
        else if (name === names.metaValue) this.metaValue = value;
        return;
      case 'comment': {
        const field = names.commentFields.get(name);
        if (!field) return;
        this.comment![field] = value;
        if (PLACED_COMMENT_FIELDS.has(field)) this.comment!.places.set(field, this.place());
        return;
      }
    }
  }

  private itemField(name: string, value: string, names: WxrNames): void {
    const item = this.item!;
    if (name === 'category') {
      const { domain = '', nicename = '' } = this.itemTermAttributes;
      item.terms.push({ domain, nicename, name: value });
      return;
    }
    const field = names.itemFields.get(name);
    if (!field) return;
    item[field] = value;
    if (PLACED_ITEM_FIELDS.has(field)) item.places.set(field, this.place());
  }

  private enter(scope: Scope): void {
    this.scopes.push({ scope: this.scope, depth: this.scopeDepth });
    this.scope = scope;
    this.scopeDepth = this.depth;
  }

  private leave(): void {
    switch (this.scope) {
      case 'item':
        this.ready.push(this.item!);
        this.item = null;
        break;
      case 'author':
        this.ready.push(this.author!);
        break;
      case 'term':
        this.ready.push(this.term!);
        break;
      case 'postmeta':
        if (META_KEYS.has(this.metaKey)) this.item!.meta.set(this.metaKey, this.metaValue);
        break;
      case 'comment':
        this.item!.comments.push(this.comment!);
        this.comment = null;
        break;
      case 'channel':
        this.sendHeader();
        break;
    }
    const outer = this.scopes.pop()!;
    this.scope = outer.scope;
    this.scopeDepth = outer.depth;
    this.textParts = 0;
  }

  /** The channel's header is complete once its first author, term or item starts. */
  private sendHeader(): void {
    const channel = this.header.finish(this.place());
    if (channel) this.ready.push(channel);
  }

  private takeText(): string {
    const count = this.textParts;
    this.textParts = 0;
    if (count <= 1) return count === 0 ? '' : this.text[0]!;
    // The array is reused: only its first `count` entries are this element's.
    return this.text.slice(0, count).join('');
  }

  /** What the file was in the middle of when it ended, for the truncation message. */
  private unfinished(): string {
    if (this.item) {
      return `${describeItem(this.item)}, which starts at line ${this.item.place.line}`;
    }
    if (this.scope === 'author' || this.scope === 'term') return `a channel-level <${this.scope}> element`;
    return this.scope === 'channel' ? 'the <channel> element, after its last item' : 'the <rss> element';
  }
}
