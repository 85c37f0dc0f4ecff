// `cargo xtask bench bridge`: milliseconds from a line said on IRC to the post on a reader's
// screen, and from pressing Enter in brisk to the line arriving on IRC, 20 of each on loopback
// (the optimised server, a local ngircd). Printed, never pass/fail on a time.
import { test } from '@playwright/test';
import { bridgedChannel } from '../support/bridge';

const ROUNDS = 20;
// One line per round, slower than the bridge's flood control (a burst of 4, then one line per
// 0.5 s), so the figures are the relay's delay and not its pacing.
const PAUSE_MS = 600;

function summary(name: string, times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return `${name}: median ${at(0.5)} ms, p90 ${at(0.9)} ms, min ${sorted[0]} ms, max ${sorted[sorted.length - 1]} ms (n=${times.length})`;
}

test('IRC ↔ brisk round trips', async ({ browser }) => {
  test.setTimeout(120_000);
  const { ann, page, composer, dispose } = await bridgedChannel(browser);
  try {
    await page.getByTestId('channel-bridge').filter({ hasText: 'connected' }).waitFor();

    // The page notes (Date.now(), same clock as this process) when each post first shows.
    await page.evaluate(() => {
      const seen: Record<string, number> = {};
      (window as unknown as { seenAt: Record<string, number> }).seenAt = seen;
      new MutationObserver(() => {
        for (const message of document.querySelectorAll('[data-testid="post-message"]')) {
          const text = message.textContent?.trim() ?? '';
          if (text.startsWith('from irc ') && !(text in seen)) seen[text] = Date.now();
        }
      }).observe(document.body, { childList: true, subtree: true, characterData: true });
    });

    const toScreen: number[] = [];
    const toIrc: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const line = `from irc ${i}`;
      const said = Date.now();
      ann.say(line);
      await page.waitForFunction(
        (text) => (window as unknown as { seenAt: Record<string, number> }).seenAt[text] !== undefined,
        line,
      );
      const shown = await page.evaluate((text) => (window as unknown as { seenAt: Record<string, number> }).seenAt[text], line);
      toScreen.push(shown - said);

      await composer.fill(`from brisk ${i}`);
      const sent = Date.now();
      await composer.press('Enter');
      await ann.nextSaid();
      toIrc.push(Date.now() - sent);
      await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
    }
    console.log(`\nIRC bridge on loopback, ${ROUNDS} rounds:`);
    console.log(summary('IRC line → post on screen', toScreen));
    console.log(summary('Enter in brisk → line on IRC', toIrc));
  } finally {
    await dispose();
  }
});
