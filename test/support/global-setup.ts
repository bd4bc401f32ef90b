import type { TestProject } from 'vitest/node';
import type { ProvidedChromium } from './browser.ts';
import { chooseChromium } from './chromium.ts';

/**
 * Runs once before any test file: chooses the browser, and unpacks the npm-shipped one if that is
 * the choice, so that workers do not each unpack 200 MB. A failure is handed on to the browser
 * tests, which then fail with it, while every other test still runs.
 */
export default async function setup(project: TestProject): Promise<void> {
  let chromium: ProvidedChromium;
  try {
    const choice = await chooseChromium();
    chromium = { choice };
    console.log(`Browser tests run on ${choice.description}`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    chromium = { error: message };
    console.error(`No Chromium for the browser tests: ${message}`);
  }
  project.provide('chromium', chromium);
}
