import { notWxr } from './problems.ts';
import type { ChannelField } from './wxr-names.ts';
import type { WxrChannel, WxrPlace } from './wxr.ts';

const WXR_VERSIONS = new Set(['1.0', '1.1', '1.2']);

/**
 * The channel's own fields (site, version), read before its first author, term or item. The
 * version is checked when the header is complete, so a file of another format or version is
 * refused before any of its items is read.
 */
export class ChannelHeader {
  private readonly fields: Record<ChannelField, string> = { title: '', description: '', link: '', baseSiteUrl: '', wxrVersion: '' };
  private versionPlace: WxrPlace | null = null;
  private done = false;

  get complete(): boolean {
    return this.done;
  }

  set(field: ChannelField, value: string, place: WxrPlace): void {
    this.fields[field] = value;
    if (field === 'wxrVersion') this.versionPlace = place;
  }

  /** The header, the first time it is asked for (`place`: where the element that ends it starts); null after. */
  finish(place: WxrPlace): WxrChannel | null {
    if (this.done) return null;
    const version = this.fields.wxrVersion.trim();
    if (!version) throw notWxr('it has no wp:wxr_version element before its first author, term or item', place, true);
    if (!WXR_VERSIONS.has(version)) {
      const reason = `its wp:wxr_version is “${version}”, and this importer reads versions 1.0, 1.1 and 1.2`;
      throw notWxr(reason, this.versionPlace ?? place, true);
    }
    this.done = true;
    return { kind: 'channel', place, ...this.fields, wxrVersion: version };
  }
}
