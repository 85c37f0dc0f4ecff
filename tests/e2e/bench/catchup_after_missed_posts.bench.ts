// How long a reader who was offline takes to be caught up once the network is back: from the
// browser's `online` event to the last missed post shown, measured in the page. A's channel is
// open; B posts while A is offline. 50 missed posts fit the server's resume buffer (the socket
// resumes and the server replays them); 500 do not (a new stream, then a resync fetches them).
import { Page, WebSocket, expect, test } from '@playwright/test';
import { channel, logIn, post, teamWithUsers } from '../support/api';

const RUNS = 5;
const SIZES = [50, 500];
/** The missed posts come from this many people, each within the server's per-session rate limit. */
const POSTERS = 10;

type Timed = Window & { caughtUp?: Promise<number> };

/** Starts a clock in the page: `caughtUp` resolves with the ms from `online` to the post reading
 * `last` being rendered. */
function startClock(page: Page, last: string): Promise<void> {
  return page.evaluate((last) => { (window as Timed).caughtUp = new Promise<number>((resolve) => {
    let online = 0;
    window.addEventListener('online', () => { online = performance.now(); }, { once: true });
    // Only added nodes are looked at, so the watching costs next to nothing per render.
    const observer = new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (!(node instanceof Element)) continue;
          const inside = node.closest('[data-testid="post-message"]');
          const messages = inside ? [inside] : [...node.querySelectorAll('[data-testid="post-message"]')];
          if (online && messages.some((m) => m.textContent?.trim() === last)) {
            observer.disconnect();
            resolve(performance.now() - online);
            return;
          }
        }
      }
    });
    observer.observe(document.body, { childList: true, subtree: true });
  }); }, last);
}

/** Which way the socket caught up: the first event on the new socket is a `hello` only when the
 * server could not resume the stream. */
function catchUpPath(page: Page): Promise<string> {
  return new Promise((resolve) => {
    page.once('websocket', (socket: WebSocket) => {
      const firstEvent = (frame: { payload: string | Buffer }) => {
        const event = JSON.parse(String(frame.payload)).event;
        if (!event) return; // a reply to a ping
        socket.off('framereceived', firstEvent);
        resolve(event === 'hello' ? 'new stream, resync' : 'resumed, replayed');
      };
      socket.on('framereceived', firstEvent);
    });
  });
}

test('catch-up: reconnect to caught up after missed posts', async ({ browser }) => {
  test.setTimeout(600_000);
  const { team, users: [a, ...posters] } = await teamWithUsers(1 + POSTERS);
  const rows: string[] = [];
  for (const missed of SIZES) {
    const times: number[] = [];
    let path = '';
    for (let run = 0; run < RUNS; run++) {
      const room = await channel(team, posters[0], [a, ...posters.slice(1)]);
      const context = await browser.newContext();
      const page = await context.newPage();
      await logIn(page, a, `/${team.name}/channels/${room.name}`);
      await expect(page.getByTestId('post-list')).toBeVisible();

      await context.setOffline(true);
      await expect(page.getByRole('status').getByText('Reconnecting…')).toBeVisible();
      for (let i = 1; i <= missed; i++) await post(posters[i % POSTERS], room.id, `missed ${i}`);
      await startClock(page, `missed ${missed}`);
      const socketPath = catchUpPath(page);
      await context.setOffline(false);
      times.push(await page.evaluate(() => (window as Timed).caughtUp!));
      path = await socketPath;
      await expect(page.getByTestId('post-message').filter({ hasText: /^missed \d+/ })).toHaveCount(missed);
      await context.close();
    }
    const sorted = [...times].sort((x, y) => x - y);
    const ms = (value: number) => `${Math.round(value)} ms`;
    rows.push(`| ${missed} | ${path} | ${ms(sorted[Math.floor(RUNS / 2)])} | ${ms(sorted[0])} | ${ms(sorted[RUNS - 1])} |`);
  }
  console.log(`\n| missed posts | how | median | fastest | slowest |\n|---:|---|---:|---:|---:|\n${rows.join('\n')}`);
  console.log(`(${RUNS} runs each: from the browser's online event to the last missed post shown)`);
});
