import { defineConfig } from '@playwright/test';

import { baseURL, launchOptions } from './support/launch';

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
    // The app's service worker is tested on its own (app_installs_and_notifies.spec.ts).
    serviceWorkers: 'block',
  },
  projects: [
    { name: 'desktop', use: { viewport: { width: 1280, height: 800 } }, testIgnore: phoneOnly },
    {
      name: 'phone',
      use: { viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
      testMatch: phoneJourneys,
    },
  ],
});
