import type { PictureTools, RenderedPicture } from '../domain/media/storage.ts';

/** What the server asks of the picture process: one `PictureTools.render` call. */
export interface RenderRequest {
  readonly type: 'render';
  readonly id: number;
  readonly original: Parameters<PictureTools['render']>[0];
  readonly input: Parameters<PictureTools['render']>[1];
}

/** The picture process's answer to the request of the same id: the renditions, or why they could not be made. */
export type RenderReply = { readonly id: number; readonly picture: RenderedPicture } | { readonly id: number; readonly error: string };

/** The server is busy serving (`held`), or no longer: the picture process waits at its next step until let go. */
export interface HoldMessage {
  readonly type: 'hold';
  readonly held: boolean;
}
