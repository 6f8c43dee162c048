/// <reference lib="dom" />
// The functions given to page.evaluate run in the browser, on its DOM.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_PATH } from '@spotify-pipeline/test-support';
import puppeteer, { type Browser } from 'puppeteer-core';

/** Debian's Chromium, installed by scripts/ensure-chromium.sh (which .ci/run and npm test call). */
export const CHROMIUM = CHROMIUM_PATH;

/**
 * Starts headless Chromium with a fresh profile and nothing that phones home. Without the browser
 * it throws, saying so: the browser test must fail, never pass or skip silently.
 */
export async function launchChromium(): Promise<{ browser: Browser; close(): Promise<void> }> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}: the report's browser test cannot run. Install Debian's ` +
        'package as root with `bash scripts/ensure-chromium.sh` (npm test and .ci/run do this when run as root), ' +
        'or set CHROMIUM_PATH to a Chromium binary.',
    );
  }
  const profile = await mkdtemp(join(tmpdir(), 'report-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    userDataDir: profile,
    timeout: 120_000,
    protocolTimeout: 120_000,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
    ],
  });
  return {
    browser,
    async close() {
      await browser.close().catch(() => undefined);
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * How much of a PNG is drawn: decoded by the browser itself on a blank page, the share of pixels
 * that are not (near) white and the number of distinct colours among them.
 */
export async function inkOf(
  browser: Browser,
  png: Uint8Array,
): Promise<{ width: number; height: number; ink: number; colours: number }> {
  const page = await browser.newPage();
  try {
    const dataUrl = `data:image/png;base64,${Buffer.from(png).toString('base64')}`;
    return await page.evaluate(async (src) => {
      const image = new Image();
      image.src = src;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.naturalWidth;
      canvas.height = image.naturalHeight;
      const context = canvas.getContext('2d')!;
      context.drawImage(image, 0, 0);
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
      let ink = 0;
      const colours = new Set<number>();
      for (let i = 0; i < data.length; i += 4) {
        const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
        if (r < 240 || g < 240 || b < 240) {
          ink += 1;
          colours.add((r << 16) | (g << 8) | b);
        }
      }
      return {
        width: canvas.width,
        height: canvas.height,
        ink: ink / (data.length / 4),
        colours: colours.size,
      };
    }, dataUrl);
  } finally {
    await page.close();
  }
}
