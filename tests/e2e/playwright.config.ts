import { defineConfig } from '@playwright/test';

import { baseURL, launchOptions } from './support/launch';
import type { TestOptions } from './support/test';

// The main journeys run again on a phone-sized touch screen.
const phoneJourneys = [
  'newcomer_joins_from_link.spec.ts',
  'member_reads_a_channel.spec.ts',
  'people_see_posts_live.spec.ts',
  'member_browses_creates_and_leaves_channels.spec.ts',
  'member_edits_archives_and_restores_a_channel.spec.ts',
  'people_talk_in_direct_messages.spec.ts',
  'app_is_accessible.spec.ts',
  'member_uses_a_phone.spec.ts',
  'member_searches_history.spec.ts',
  'member_reads_on_a_phone.spec.ts',
  'reader_catches_up_across_channels.spec.ts',
  'member_finds_recent_mentions.spec.ts',
  'login_form_before_the_app.spec.ts',
];
const phoneOnly = ['member_uses_a_phone.spec.ts', 'member_reads_on_a_phone.spec.ts'];
const desktop = { viewport: { width: 1280, height: 800 } };

// Every desktop journey runs again with each lazily loaded chunk of the wasm answering 2 s late
// (support/test.ts): a view opened before its chunk arrived must wait for it and then work as
// usual (the click that opened it, the focus in its field), never show an error or lose input.
// Only the chunks are held back, not the page, main wasm or API: that is the race this run is
// for, and a throttle of the whole network (CDP) would slow every journey's setup and first
// screen and blur which part was late. 2 s outlasts what the journeys do before opening most
// views (and the preload, 2 s after the first screen, then needs seconds per chunk), so the
// views arrive while the journeys already wait on them. A journey opening several views waits
// 2 s for each on purpose, so its whole time budget is doubled; one step's (expect) is not.
const slowChunkDelayMs = 2_000;

export default defineConfig<TestOptions>({
  testDir: '.',
  testMatch: '*.spec.ts',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: true,
  reporter: [['list'], ['./support/failed_journeys.ts']],
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    browserName: 'chromium',
    launchOptions,
    trace: 'retain-on-failure',
    // The app's service worker is tested on its own (app_installs_and_notifies.spec.ts).
    serviceWorkers: 'block',
  },
  projects: [
    { name: 'desktop', use: desktop, testIgnore: phoneOnly },
    {
      name: 'desktop-slow-chunks',
      use: { ...desktop, chunkDelayMs: slowChunkDelayMs },
      testIgnore: phoneOnly,
      timeout: 60_000,
    },
    {
      name: 'phone',
      use: { viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
      testMatch: phoneJourneys,
    },
  ],
});
