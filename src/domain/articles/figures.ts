import type { DeliveredPicture } from '../media/delivery.ts';

/**
 * How an article's body shows a library picture: markup made outside the domain (by the views'
 * `<picture>` renderer), handed to the use cases that render bodies. Both take the picture with the
 * alt text the body gave it, and return '' when there is nothing to show yet.
 */
export interface BodyFigures {
  /** A picture alone in its paragraph: a figure with its caption and credit. */
  figure(picture: DeliveredPicture): string;
  /** A picture among words or inside a link: the picture alone, which may sit inside a paragraph. */
  inline(picture: DeliveredPicture): string;
}
