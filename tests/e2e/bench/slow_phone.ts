// Lighthouse's Slow-4G phone as Chromium applies it through DevTools: 150 ms added to every round
// trip, 1.6 Mbps down, 750 Kbps up, the CPU slowed 4x, a 360x640 touch screen. Shared by the
// benchmarks that measure a phone on a slow network (newcomer_on_a_slow_phone, repeat_visit_on_a_slow_phone).
import { Browser, BrowserContext, BrowserContextOptions, CDPSession, Page } from '@playwright/test';

export const SLOW_4G = {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1024 * 1024) / 8,
  uploadThroughput: (750 * 1024) / 8,
};

export const CPU_SLOWDOWN = 4;

/** A fresh browser context the size of a phone (`options` add to it, e.g. `serviceWorkers`). */
export function phoneContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true, ...options });
}

/** Puts `page` on Slow-4G with the slow CPU; returns its DevTools session and a counter of the
 * bytes that crossed the network since. */
export async function throttle(page: Page): Promise<{ cdp: CDPSession; bytes: () => number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  let bytes = 0;
  cdp.on('Network.loadingFinished', (event) => {
    bytes += event.encodedDataLength;
  });
  return { cdp, bytes: () => bytes };
}

/** The middle value (of an odd number of runs). */
export function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

export const seconds = (s: number) => `${s.toFixed(2)} s`;
