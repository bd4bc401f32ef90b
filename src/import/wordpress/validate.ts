import { gmtOrLocal, isWpDate } from './dates.ts';
import { brokenItem } from './problems.ts';
import { describeItem, type WxrComment, type WxrItem, type WxrPlace } from './wxr.ts';

const ID = /^\d+$/;
const DATE_FIELDS = [
  ['postDateGmt', 'wp:post_date_gmt'],
  ['postDate', 'wp:post_date'],
  ['postModifiedGmt', 'wp:post_modified_gmt'],
  ['postModified', 'wp:post_modified'],
] as const;
/** Types the import brings over, so a broken date or address in one of them would be imported wrong. */
const IMPORTED_TYPES = new Set(['post', 'page', 'attachment']);

/**
 * Refuses an item the import could not bring over faithfully: one without a usable id (a later
 * import could not find it again), with a date that is not a date, or with a broken comment.
 */
export function checkItem(item: WxrItem): void {
  const placeOf = (field: string): WxrPlace => item.places.get(field) ?? item.place;
  const id = item.postId?.trim();
  if (id === undefined) throw brokenItem(`The item “${item.title.trim() || '(untitled)'}” has no wp:post_id element.`, item.place);
  if (!ID.test(id)) {
    throw brokenItem(`${capitalised(describeItem(item))} has wp:post_id “${id}”, which is not a number.`, placeOf('postId'));
  }
  if (!IMPORTED_TYPES.has(item.postType.trim())) return;
  for (const [field, element] of DATE_FIELDS) {
    if (!isWpDate(item[field])) {
      throw brokenItem(
        `${capitalised(describeItem(item))} has ${element} “${item[field].trim()}”, which is not a date (WordPress writes “YYYY-MM-DD HH:MM:SS”).`,
        placeOf(field),
      );
    }
  }
  if (!gmtOrLocal(item.postDateGmt, item.postDate) && !gmtOrLocal(item.postModifiedGmt, item.postModified)) {
    throw brokenItem(`${capitalised(describeItem(item))} has no date: wp:post_date and wp:post_date_gmt are both empty.`, item.place);
  }
  if (item.postType.trim() === 'attachment' && !item.attachmentUrl.trim() && !item.guid.trim()) {
    throw brokenItem(`${capitalised(describeItem(item))} has no wp:attachment_url, so there is no file to link to.`, item.place);
  }
  for (const comment of item.comments) checkComment(comment, item);
}

function checkComment(comment: WxrComment, item: WxrItem): void {
  const on = `on ${describeItem(item)}`;
  const placeOf = (field: string): WxrPlace => comment.places.get(field) ?? comment.place;
  const id = comment.id?.trim();
  if (id === undefined) throw brokenItem(`A comment ${on} has no wp:comment_id element.`, comment.place);
  if (!ID.test(id)) throw brokenItem(`Comment “${id}” ${on} has a wp:comment_id that is not a number.`, placeOf('id'));
  const parent = comment.parent.trim();
  if (parent !== '' && !ID.test(parent)) {
    throw brokenItem(`Comment ${id} ${on} has wp:comment_parent “${parent}”, which is not a comment id.`, placeOf('parent'));
  }
  for (const [field, element] of [
    ['dateGmt', 'wp:comment_date_gmt'],
    ['date', 'wp:comment_date'],
  ] as const) {
    if (!isWpDate(comment[field])) {
      throw brokenItem(
        `Comment ${id} ${on} has ${element} “${comment[field].trim()}”, which is not a date (WordPress writes “YYYY-MM-DD HH:MM:SS”).`,
        placeOf(field),
      );
    }
  }
  if (!gmtOrLocal(comment.dateGmt, comment.date)) {
    throw brokenItem(`Comment ${id} ${on} has no date: wp:comment_date and wp:comment_date_gmt are both empty.`, comment.place);
  }
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
