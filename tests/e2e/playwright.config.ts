import { defineConfig, devices } from '@playwright/test';

// `cargo xtask test` starts the bundled server and passes its URL; see xtask/src/test.rs.
const baseURL = process.env.BRISK_URL;
if (!baseURL) {
  throw new Error('BRISK_URL is not set: run the journeys with `cargo xtask test e2e`');
}

// Debian's Chromium, never a downloaded browser (shared/reference/toolchain.md).
const launchOptions = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: true,
  reporter: [['list']],
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    browserName: 'chromium',
    launchOptions,
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'desktop', use: { viewport: { width: 1280, height: 800 } } },
  ],
});
