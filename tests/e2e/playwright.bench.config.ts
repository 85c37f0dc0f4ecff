import { defineConfig } from '@playwright/test';
import { baseURL, launchOptions } from './support/launch';

// `cargo xtask bench newcomer`: figures, printed, never pass/fail on a time.
export default defineConfig({
  testDir: './bench',
  testMatch: '*.bench.ts',
  workers: 1,
  retries: 0,
  reporter: [['list']],
  timeout: 120_000,
  expect: { timeout: 20_000 },
  use: {
    baseURL,
    browserName: 'chromium',
    launchOptions,
    viewport: { width: 1280, height: 800 },
  },
});
