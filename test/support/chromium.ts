import { accessSync, constants } from 'node:fs';

/** Where Debian, Ubuntu and other distributions install Chromium; CHROMIUM_PATH comes first. */
const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/lib/chromium/chromium',
  '/snap/bin/chromium',
];

/**
 * The Chromium the browser tests drive (headless, through playwright-core), or null when the
 * machine has none: the tests then say they were skipped. `.ci/run` installs Debian's
 * `chromium` where it is missing.
 */
export function findChromium(): string | null {
  for (const path of [process.env.CHROMIUM_PATH, ...CANDIDATES]) {
    if (!path) continue;
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not here
    }
  }
  return null;
}
