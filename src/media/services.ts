import type { Config } from '../config.ts';
import type { MediaServices } from '../domain/media/storage.ts';
import { fsMediaStorage } from './fs-storage.ts';
import { inPictureProcess } from './picture-process-client.ts';
import { sharpPictureTools } from './sharp-images.ts';

/** The media library's storage, image library and limits, as the configuration sets them. */
export function mediaServices(config: Pick<Config, 'media'>): MediaServices {
  return { storage: fsMediaStorage(config.media.dir), tools: inPictureProcess(sharpPictureTools()), limits: config.media.limits };
}
