// `cargo xtask bench repeat`: a reader comes back to a channel they read before, on the Slow-4G
// phone of `bench slow4g` (slow_phone.ts), once with brisk's service worker and once with service
// workers blocked (the browser's HTTP cache only). Between visits another person posts, so each
// visit has something new. The page records when each message is first on screen (an init script
// watching the DOM, on the page's clock from the navigation's start). Prints, median of 3 visits
// per mode: time to the first message saved from before (in the picture of the last screen that
// the start script paints, or drawn by the app, whichever is first), to the same message drawn by
// the app, and to up to date (the post made meanwhile on screen), and where the time went (page,
// wasm, first request to the server).
// A benchmark, not a test: it asserts only that the journey happened.
import { BrowserContext, expect, test } from '@playwright/test';
import { Session, channel, logIn, post, teamWithUsers } from '../support/api';
import { median, phoneContext, seconds, throttle } from './slow_phone';

const RUNS = 3;

interface Visit {
  firstSaved: number; savedByApp: number; upToDate: number; page: number; wasm: number; wasmReady: number; appShown: number; firstApi: number; bytes: number;
  /** Each request: when it started and ended (ms), for the trace printed after the table. */
  requests: string[];
}

declare global {
  interface Window { briskBench: { seen: Record<string, number>; pictured: Record<string, number>; wasmReady?: number; appShown?: number } }
}

/** Runs in the page before its own scripts: notes when the wasm is compiled and instantiated,
 * when the app first puts something in the page, and when each message text is first on screen,
 * drawn by the app (`seen`) or in the saved picture of the last screen (`pictured`). */
function watchMessages() {
  const seen: Record<string, number> = {};
  const pictured: Record<string, number> = {};
  const marks: Window['briskBench'] = { seen, pictured };
  window.briskBench = marks;
  for (const name of ['instantiate', 'instantiateStreaming'] as const) {
    const original = WebAssembly[name] as (...args: unknown[]) => Promise<unknown>;
    (WebAssembly as unknown as Record<string, unknown>)[name] = (...args: unknown[]) =>
      original.apply(WebAssembly, args).then((result) => {
        marks.wasmReady ??= performance.now();
        return result;
      });
  }
  new MutationObserver(() => {
    if (marks.appShown === undefined && document.body?.querySelector(':scope > :not(#saved-screen)')) marks.appShown = performance.now();
    for (const [selector, times] of [['[data-testid=post-message]', seen], ['[data-saved-testid=post-message]', pictured]] as const) {
      for (const message of document.querySelectorAll(selector)) {
        const text = message.textContent?.trim() ?? '';
        if (!(text in times)) times[text] = performance.now();
      }
    }
  }).observe(document, { childList: true, subtree: true, characterData: true });
}

/** One visit in a new tab of `context`, throttled, after `writer` posted `fresh`: the times. */
async function visit(context: BrowserContext, url: string, writer: Session, roomId: string, saved: string, fresh: string): Promise<Visit> {
  await post(writer, roomId, fresh);
  const page = await context.newPage();
  const { bytes } = await throttle(page);
  await page.goto(url);
  await expect(page.getByTestId('post-message').getByText(fresh, { exact: true })).toBeVisible({ timeout: 60_000 });
  const times = await page.evaluate(([saved, fresh]) => {
    const ends = (pattern: RegExp) =>
      performance.getEntriesByType('resource').find((entry) => pattern.test(entry.name))?.responseEnd ?? NaN;
    const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    return {
      firstSaved: Math.min(window.briskBench.seen[saved], window.briskBench.pictured[saved] ?? Infinity),
      savedByApp: window.briskBench.seen[saved],
      wasmReady: window.briskBench.wasmReady ?? NaN,
      appShown: window.briskBench.appShown ?? NaN,
      upToDate: window.briskBench.seen[fresh],
      page: navigation.responseEnd,
      wasm: ends(/_bg\.wasm$/),
      requests: performance.getEntriesByType('resource').map((e) =>
        `${e.startTime.toFixed(0)}–${e.responseEnd.toFixed(0)} ms ${new URL(e.name).pathname}`),
      firstApi: Math.min(...performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/v4/')).map((e) => e.responseEnd)),
    };
  }, [saved, fresh]);
  await page.close();
  return { ...times, bytes: bytes() };
}

test.setTimeout(10 * 60_000);

test('a reader comes back on a slow phone: saved messages, then up to date', async ({ browser }) => {
  const { team, users: [reader, writer] } = await teamWithUsers(2);
  const room = await channel(team, writer, [reader]);
  const saved = 'The meeting notes are in the channel header.';
  await post(writer, room.id, saved);
  const url = `/${team.name}/channels/${room.name}`;

  const rows: string[] = [];
  const traces: string[] = [];
  for (const serviceWorkers of ['allow', 'block'] as const) {
    const context = await phoneContext(browser, { serviceWorkers });
    await context.addInitScript(watchMessages);
    // The first visit signs in and reads the channel (unthrottled: it only fills the caches).
    const first = await context.newPage();
    await logIn(first, reader, url);
    await expect(first.getByTestId('post-message').getByText(saved, { exact: true })).toBeVisible();
    if (serviceWorkers === 'allow') {
      await first.waitForFunction(() => navigator.serviceWorker.controller !== null);
    }
    await first.close();
    // One visit more before measuring, so the copy saved on the device holds what was read.
    await visit(context, url, writer, room.id, saved, `warming up (${serviceWorkers})`);
    const visits: Visit[] = [];
    for (let i = 1; i <= RUNS; i++) {
      visits.push(await visit(context, url, writer, room.id, saved, `meanwhile ${i} (${serviceWorkers})`));
    }
    await context.close();
    const of = (pick: (v: Visit) => number) => seconds(median(visits.map(pick)) / 1000);
    const mode = serviceWorkers === 'allow' ? 'service worker' : 'HTTP cache only';
    const last = visits[visits.length - 1];
    traces.push(`${mode}: wasm compiled ${last.wasmReady.toFixed(0)} ms, app on screen ${last.appShown.toFixed(0)} ms, first saved message ${last.firstSaved.toFixed(0)} ms (by the app ${last.savedByApp.toFixed(0)} ms), up to date ${last.upToDate.toFixed(0)} ms\n  ${last.requests.join('\n  ')}`);
    rows.push(`| ${mode} | ${of((v) => v.firstSaved)} | ${of((v) => v.savedByApp)} | ${of((v) => v.upToDate)} | ${of((v) => v.page)} | ${of((v) => v.wasm)} | ${of((v) => v.wasmReady)} | ${of((v) => v.appShown)} | ${of((v) => v.firstApi)} | ${(median(visits.map((v) => v.bytes)) / 1024).toFixed(1)} KB |`);
  }
  console.log(`| repeat visit, Slow-4G, CPU 4x (median of ${RUNS}) | first saved message | drawn by the app | up to date | page loaded | wasm loaded | wasm compiled | app on screen | first API answer | bytes on the wire |`);
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const row of rows) console.log(row);
  console.log(`\nthe last visit of each mode, request by request:\n${traces.join('\n')}`);
});
