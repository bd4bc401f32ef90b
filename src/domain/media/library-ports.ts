import type { FocalPoint, MediaItem, NewUpload } from './repository.ts';

/** A picture of the library as its list shows it: the upload, and who uploaded it. */
export interface LibraryEntry extends MediaItem {
  /** The uploader's name; null when their account is gone or the console uploaded it. */
  readonly uploaderName: string | null;
}

/** The words a picture carries wherever it is shown. */
export interface PictureWords {
  readonly alt: string;
  readonly caption: string;
  readonly credit: string;
}

/** What shows a picture: an article (as its featured picture, in its body, or both) or a standalone page (in its body). */
export interface PictureUse {
  readonly kind: 'article' | 'page';
  readonly id: number;
  /** The article's headline, or the page's title. */
  readonly title: string;
  readonly featured: boolean;
  readonly inBody: boolean;
}

/** What a replacing file changes of a picture: everything about its original, nothing of its words or uses. */
export type ReplacedOriginal = Pick<NewUpload, 'originalName' | 'originalKey' | 'type' | 'byteSize' | 'width' | 'height'>;

/**
 * What the newsroom's media library asks of storage beyond uploading and processing: searching,
 * describing, the articles that use a picture, replacing its file and deleting it.
 */
export interface MediaLibraryManagement {
  /** Uploads whose original name, alt text, caption or credit contains `query` (every upload when empty), newest first. */
  search(input: { query: string; limit: number; offset: number }): Promise<{ items: LibraryEntry[]; total: number }>;
  /** The articles that show the picture, newest first, then the pages. */
  usesOf(id: number): Promise<PictureUse[]>;
  updateWords(id: number, words: PictureWords): Promise<void>;
  setFocalPoint(id: number, focal: FocalPoint): Promise<void>;
  /** Points the picture at a new original and marks it processing again; its renditions stay until processing replaces them. */
  replaceOriginal(id: number, original: ReplacedOriginal): Promise<void>;
  /** Removes the picture's row and its renditions' rows (not their files). */
  deleteUpload(id: number): Promise<void>;
  /** Which of these rendition files some picture's row still names: content-hashed names are shared by identical renditions. */
  renditionFilesInUse(fileNames: readonly string[]): Promise<Set<string>>;
}
