// `cargo xtask bench switch`: milliseconds from a click on a channel already loaded once to its
// newest post painted, desktop, unthrottled. Six channels of 40 markdown posts each (the shape of
// the demo's channels); every channel is opened once first, then 60 switches go round them. The
// clock runs inside the page (click, then each animation frame until the channel's newest post
// is in the list, then the frame after it, when it has been painted), so Playwright's own round
// trips are not counted. A benchmark, not a test: it asserts only that each switch happened.
import { expect, test } from '@playwright/test';
import { channel, logIn, post, teamWithUsers } from '../support/api';

const CHANNELS = 6;
const POSTS_PER_CHANNEL = 40;
const SWITCHES = 60;

test.setTimeout(10 * 60_000);

test('switching between loaded channels', async ({ page }) => {
  const { team, users } = await teamWithUsers(2);
  const [reader, writer] = users;
  const channels = [];
  for (let c = 0; c < CHANNELS; c++) {
    const created = await channel(team, writer, [reader]);
    for (let p = 0; p < POSTS_PER_CHANNEL; p++) {
      await post(writer, created.id, `post ${p} in ${created.name}: **notes** on [the plan](https://example.org/${p}) :tada:`);
    }
    // The newest post names its channel, so the page can tell when that channel is on screen.
    await post(writer, created.id, `newest in ${created.name}`);
    channels.push(created);
  }

  await logIn(page, reader, `/${team.name}/channels/${channels[0].name}`);
  const sidebar = page.getByRole('navigation', { name: 'Channels' });
  for (const each of channels) {
    await sidebar.getByRole('link', { name: new RegExp(`^${each.display_name}`) }).click();
    await expect(page.getByTestId('post').filter({ hasText: `newest in ${each.name}` })).toBeVisible();
  }

  const timings: number[] = [];
  for (let i = 0; i < SWITCHES; i++) {
    const target = channels[(i * 5 + 1) % CHANNELS];
    const ms = await page.evaluate(
      ({ name, label }) =>
        new Promise<number>((resolve, reject) => {
          const links = [...document.querySelectorAll('nav[aria-label="Channels"] a')] as HTMLAnchorElement[];
          const link = links.find((a) => (a.getAttribute('aria-label') ?? a.textContent ?? '').startsWith(label));
          if (!link) {
            reject(new Error(`no sidebar link for ${label}`));
            return;
          }
          const marker = `newest in ${name}`;
          const shown = () =>
            [...document.querySelectorAll('[data-testid=post-list] [data-testid=post]')].some((p) =>
              p.textContent?.includes(marker),
            );
          const start = performance.now();
          link.click();
          const frame = () => {
            if (shown()) {
              // This frame's rendering follows this callback; the next frame starts after it.
              requestAnimationFrame(() => resolve(performance.now() - start));
            } else if (performance.now() - start > 10_000) {
              reject(new Error(`${name} not shown after 10 s`));
            } else {
              requestAnimationFrame(frame);
            }
          };
          requestAnimationFrame(frame);
        }),
      { name: target.name, label: target.display_name },
    );
    timings.push(ms);
  }

  const sorted = [...timings].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  console.log(`| switches (6 loaded channels, 41 posts each) | ${SWITCHES} |`);
  console.log(`| click → newest post painted, p50 | ${at(0.5).toFixed(1)} ms |`);
  console.log(`| p95 | ${at(0.95).toFixed(1)} ms |`);
  console.log(`| max | ${sorted[sorted.length - 1].toFixed(1)} ms |`);
});
