// What every browser test shares: named checks that count failures, headless Chromium in a
// throw-away profile, and the exit status (1 when a check failed or main threw).
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

let failures = 0;

export function check(cond, what) {
  console.log(`${cond ? 'ok  ' : 'FAIL'} ${what}`);
  if (!cond) failures++;
  return cond;
}

// Debian's chromium (CHROMIUM overrides it); close() also removes the profile.
export async function launchChromium() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'antom-sim-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

export function run(main) {
  main().then(
    () => {
      console.log(failures ? `${failures} check(s) failed` : 'all checks passed');
      process.exit(failures ? 1 : 0);
    },
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
