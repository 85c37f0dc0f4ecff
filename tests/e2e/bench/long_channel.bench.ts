// `cargo xtask bench dom`: a channel of 10,000 posts, opened and scrolled up through history in
// headless Chromium. Prints the page's DOM size and frame times while scrolling; a benchmark,
// not a test: it asserts only that the journey happened.
import { expect, request, test } from '@playwright/test';
import { DEMO_PASSWORD, logIn } from '../support/api';

const POSTS = Number(process.env.BENCH_POSTS ?? 10_000);
const SCROLL_FRAMES = Number(process.env.BENCH_FRAMES ?? 1_200);
const baseURL = process.env.BRISK_URL!;

test.setTimeout(15 * 60_000);

test('a 10,000-post channel stays small in the DOM and smooth to scroll', async ({ page }) => {
  const login = await request.newContext({ baseURL });
  const answer = await login.post('/api/v4/users/login', { data: { login_id: 'alice', password: DEMO_PASSWORD } });
  expect(answer.ok()).toBeTruthy();
  const api = await request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${answer.headers()['token']}` } });
  const team = await (await api.get('/api/v4/teams/name/demo')).json();
  const name = `long-${Date.now().toString(36)}`;
  const channel = await (await api.post('/api/v4/channels', {
    data: { team_id: team.id, name, display_name: 'Long history', type: 'O' },
  })).json();

  const seeded = Date.now();
  const texts = [
    (i: number) => `message ${i}: plain words about the release plan`,
    (i: number) => `message ${i} with **bold**, a [link](https://example.org/${i}) and :tada:`,
    (i: number) => `message ${i}\n\`\`\`rust\nfn step_${i}() -> u32 { ${i} }\n\`\`\``,
    (i: number) => `message ${i} for @bob and ~town-square, see #release-notes`,
  ];
  let next = 0;
  const worker = async () => {
    while (next < POSTS) {
      const i = next++;
      const created = await api.post('/api/v4/posts', { data: { channel_id: channel.id, message: texts[i % texts.length](i) } });
      expect(created.ok(), `post ${i}: ${created.status()}`).toBeTruthy();
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  const seedSeconds = (Date.now() - seeded) / 1000;

  await logIn(page, { username: 'alice', password: DEMO_PASSWORD }, `/demo/channels/${name}`);
  const list = page.getByTestId('post-list');
  await expect(list.getByTestId('post').last()).toBeVisible();
  await expect(list.getByText('Loading messages…')).toHaveCount(0);

  const opened = await page.evaluate(() => ({
    nodes: document.getElementsByTagName('*').length,
    posts: document.querySelectorAll('[data-testid=post-list] article').length,
  }));

  // Scroll up a little every frame, as a reader flicking back through history, recording how
  // long each frame took and how big the page got.
  const figures = await page.evaluate(async (frames) => {
    const list = document.querySelector('[data-testid=post-list]') as HTMLElement;
    const intervals: number[] = [];
    let maxNodes = 0;
    let maxPosts = 0;
    let last = performance.now();
    for (let frame = 0; frame < frames; frame++) {
      list.scrollTop -= 120;
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const now = performance.now();
      intervals.push(now - last);
      last = now;
      if (frame % 20 === 0) {
        maxNodes = Math.max(maxNodes, document.getElementsByTagName('*').length);
        maxPosts = Math.max(maxPosts, list.querySelectorAll('article').length);
      }
    }
    intervals.sort((a, b) => a - b);
    const at = (q: number) => intervals[Math.min(intervals.length - 1, Math.floor(q * intervals.length))];
    const oldest = list.querySelector('article [data-testid=post-message]')?.textContent ?? '';
    return {
      frames,
      p50: at(0.5), p95: at(0.95), p99: at(0.99), max: intervals[intervals.length - 1],
      over50: intervals.filter((ms) => ms > 50).length,
      maxNodes, maxPosts,
      // Posts were created by parallel workers, so numbers are only roughly in order.
      oldestShown: Number(/message (\d+)/.exec(oldest)?.[1] ?? -1),
    };
  }, SCROLL_FRAMES);

  const line = (label: string, value: string) => console.log(`| ${label} | ${value} |`);
  console.log(`\nlong channel: ${POSTS} posts (seeded in ${seedSeconds.toFixed(0)} s), scrolled up ${SCROLL_FRAMES} frames of 120 px\n`);
  console.log('| figure | value |\n|---|---:|');
  line('DOM elements when opened', String(opened.nodes));
  line('posts rendered when opened', String(opened.posts));
  line('DOM elements while scrolling (max)', String(figures.maxNodes));
  line('posts rendered while scrolling (max)', String(figures.maxPosts));
  line('posts scrolled back through', String(POSTS - 1 - figures.oldestShown));
  line('frame time p50 / p95 / p99', `${figures.p50.toFixed(1)} / ${figures.p95.toFixed(1)} / ${figures.p99.toFixed(1)} ms`);
  line('longest frame', `${figures.max.toFixed(0)} ms`);
  line('frames over 50 ms', `${figures.over50} of ${figures.frames}`);
  expect(figures.oldestShown).toBeLessThan(POSTS - 1);
});
