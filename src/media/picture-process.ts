// The picture process: makes renditions for the server (src/media/picture-process-client.ts), one
// request at a time, at the lowest scheduling priority, so that the pages being served get the
// processor whenever both want it.
import fs from 'node:fs';
import os from 'node:os';
import process from 'node:process';
import type { PictureTools } from '../domain/media/storage.ts';
import type { HoldMessage, RenderReply, RenderRequest } from './picture-process-messages.ts';
import { sharpPictureTools } from './sharp-images.ts';

/**
 * On Linux a priority belongs to a thread, and a new thread takes its creator's: every thread
 * there is now (Node's, and the workers libvips started when sharp was loaded) is lowered, and
 * those started later inherit it. Elsewhere the process's priority is the one to set.
 */
function lowerPriority(): void {
  const threads = process.platform === 'linux' ? fs.readdirSync('/proc/self/task').map(Number) : [0];
  for (const thread of threads) {
    try {
      os.setPriority(thread, os.constants.priority.PRIORITY_LOW);
    } catch {
      // A thread that has ended, or a system that refuses: the renditions are still made, at the normal priority.
    }
  }
}
lowerPriority();

/**
 * While the server is busy serving it holds this process (src/media/serving-first.ts): the work
 * waits at its next step (a rendition takes a fraction of a second) until the server lets it go.
 * A wait, not a stop signal: a stopped process whose server was killed would never wake to exit.
 */
let held = false;
const waiting: Array<() => void> = [];
const betweenSteps = () => (held ? new Promise<void>((resolve) => waiting.push(resolve)) : Promise.resolve());

const tools: PictureTools = sharpPictureTools({ betweenSteps });
let queue: Promise<unknown> = Promise.resolve();

process.on('message', (message: RenderRequest | HoldMessage) => {
  if (message.type === 'hold') {
    held = message.held;
    if (!held) for (const resume of waiting.splice(0)) resume();
    return;
  }
  queue = queue.then(() => answer(message));
});
// The server is gone (stopped, or crashed): nothing is left to do.
process.on('disconnect', () => process.exit(0));

async function answer({ id, original, input }: RenderRequest): Promise<void> {
  let reply: RenderReply;
  try {
    reply = { id, picture: await tools.render(original, input) };
  } catch (error) {
    reply = { id, error: error instanceof Error ? error.message : String(error) };
  }
  await new Promise<void>((resolve) => process.send!(reply, () => resolve()));
}
