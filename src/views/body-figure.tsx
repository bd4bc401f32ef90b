import type { BodyFigures } from '../domain/articles/figures.ts';
import { ARTICLE_SIZES, PictureFigure, ResponsivePicture } from './picture.tsx';

/** The components are synchronous: their markup is a string, which the domain stores in the body. */
function markup(element: JSX.Element): string {
  if (typeof element !== 'string') throw new Error('a body picture rendered asynchronously');
  return element;
}

/**
 * A body's pictures as the article column shows them: lazy, sized for the column, the figure with
 * its caption and credit. Handed to the use cases that render bodies (src/cli/runtime.ts).
 */
export const bodyFigures: BodyFigures = {
  figure: (picture) => markup(<PictureFigure picture={picture} layout={{ sizes: ARTICLE_SIZES }} />),
  inline: (picture) => markup(<ResponsivePicture picture={picture} layout={{ sizes: ARTICLE_SIZES }} />),
};
