/**
 * Starts Debian's Chromium (`apt-get install chromium`, done by .ci/run) headless under
 * playwright-core, with the flags a closed network needs and a fresh profile folder. There is no
 * fallback browser download: a missing /usr/bin/chromium fails the test with what to install.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Chromium {
  context: BrowserContext;
  close(): Promise<void>;
}

/** `bypassCSP` lets a test evaluate code in the page, which the page's own policy forbids. */
export async function launchChromium(options: { bypassCSP?: boolean } = {}): Promise<Chromium> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `The browser test needs Debian's Chromium at ${CHROMIUM_PATH}: run \`apt-get install -y chromium\` (.ci/run does).`,
    );
  }
  const profile = mkdtempSync(join(tmpdir(), 'sr-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 900 },
    bypassCSP: options.bypassCSP ?? false,
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
