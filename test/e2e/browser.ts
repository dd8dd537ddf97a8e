/**
 * Browser tests drive Debian's Chromium with playwright-core (no browser download). CHROMIUM_PATH
 * overrides /usr/bin/chromium. Without a Chromium the browser tests are skipped on a developer's machine
 * and fail under CI (CI=true), where .ci/run installs it.
 */
import { existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const hasChromium = existsSync(CHROMIUM) || process.env.CI === 'true';

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Where screenshots go: MUJUN_SCREENSHOTS (`npm run screenshots` sets docs/screenshots), else a temp folder. */
export function screenshotDir(): string {
  const dir = process.env.MUJUN_SCREENSHOTS
    ? path.resolve(process.env.MUJUN_SCREENSHOTS)
    : path.join(os.tmpdir(), 'mujun-screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}
