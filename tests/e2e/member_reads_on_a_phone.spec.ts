import { CDPSession, Page } from '@playwright/test';
import { expect, test } from './support/test';
import { channel, logIn, post, teamWithUsers } from './support/api';
import { seriousProblems } from './support/axe';
import { openSidebar } from './support/layout';

// Runs in the phone project only (playwright.config.ts): 360x640, touch.

/** A finger on the screen, through the browser's own touch input (Playwright has only tap). */
async function touch(cdp: CDPSession, type: 'touchStart' | 'touchMove' | 'touchEnd', x = 0, y = 0) {
  await cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y }] });
}

/** How many posts are wholly inside the visible part of the message list. */
function postsOnScreen(page: Page) {
  return page.getByRole('log', { name: 'Messages' }).evaluate((list) => {
    const visible = list.getBoundingClientRect();
    return [...list.querySelectorAll('[data-testid=post]')].filter((post) => {
      const box = post.getBoundingClientRect();
      return box.top >= visible.top && box.bottom <= visible.bottom;
    }).length;
  });
}

test('on a phone the channel is for reading: many posts, a one-line header, actions in a sheet', async ({ page }, testInfo) => {
  const { team, users: [me, other] } = await teamWithUsers(2);
  const room = await channel(team, other, [me], {
    header: 'Agenda in [the doc](https://example.org/agenda), notes in the wiki, calls on Thursdays at five',
    purpose: 'Where the weekly planning of the next release happens',
  });
  for (let n = 1; n <= 20; n++) {
    await post(n % 2 ? other : me, room.id, `short message ${n}`);
  }
  await logIn(page, me, `/${team.name}/channels/${room.name}`);
  const posts = page.getByTestId('post');
  await expect(posts.filter({ hasText: 'short message 20' })).toBeInViewport();
  const shots = async (name: string) => {
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await page.screenshot({ path: testInfo.outputPath(`${name}-${colorScheme}.png`) });
    }
    await page.emulateMedia({ colorScheme: 'light' });
  };

  // Two people taking turns: every post has its author line, and still most of the screen is posts.
  expect(await postsOnScreen(page)).toBeGreaterThanOrEqual(8);
  // The header is one line: the name and its controls; the purpose and header text are in the info.
  const heading = page.getByRole('main').getByRole('heading', { level: 1 });
  await expect(heading).toHaveText(room.display_name);
  await expect(page.getByRole('main').getByTitle('2 members')).toBeVisible();
  expect((await page.locator('.channel-header').boundingBox())!.height).toBeLessThanOrEqual(56);
  await expect(page.getByTestId('channel-purpose')).toBeHidden();
  const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  expect(widths[0], 'no sideways scroll').toBeLessThanOrEqual(widths[1]);
  // Icons are drawn, not font glyphs, and have names.
  await expect(page.getByRole('button', { name: 'Attach files' }).locator('svg')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Send' }).locator('svg')).toBeVisible();
  expect(await seriousProblems(page, 'channel')).toEqual([]);
  await shots('channel');

  // A tap on a post opens its actions; Reply opens the thread.
  const sheet = page.getByRole('dialog', { name: 'Message actions' });
  const tapped = posts.filter({ hasText: 'short message 19' });
  await tapped.getByTestId('post-message').tap();
  await expect(sheet).toBeVisible();
  // The tapped post is hovered and was focused, which builds its hover toolbar: not shown here.
  await expect(tapped.getByRole('toolbar', { name: 'Message actions' })).toHaveCSS('opacity', '0');
  await expect(sheet.getByRole('button', { name: 'Copy text' })).toBeVisible();
  expect(await seriousProblems(page, 'post actions')).toEqual([]);
  await shots('post-actions');
  await sheet.getByRole('button', { name: 'Reply' }).tap();
  await expect(sheet).toBeHidden();
  const thread = page.getByRole('complementary', { name: 'Thread' });
  await expect(thread.getByTestId('post').filter({ hasText: 'short message 19' })).toBeVisible();
  await thread.getByRole('button', { name: 'Close thread' }).tap();
  await expect(thread).toBeHidden();

  // A tap beside the sheet closes it.
  await posts.filter({ hasText: 'short message 17' }).getByTestId('post-message').tap();
  await expect(sheet).toBeVisible();
  await page.touchscreen.tap(180, 40);
  await expect(sheet).toBeHidden();

  // A finger held on a post marks it, and lifting the finger opens the same sheet, without the
  // lift becoming a tap (whose click would press what rose under the finger); a quick reaction
  // reacts.
  const cdp = await page.context().newCDPSession(page);
  const held = posts.filter({ hasText: 'short message 18' });
  const box = (await held.getByTestId('post-message').boundingBox())!;
  await page.evaluate(() => {
    (window as any).clicksAfterHold = 0;
    document.addEventListener('click', () => (window as any).clicksAfterHold++, { capture: true });
  });
  await touch(cdp, 'touchStart', box.x + 20, box.y + box.height / 2);
  await expect(held).toHaveClass(/post-held/);
  await touch(cdp, 'touchEnd');
  await expect(sheet).toBeVisible();
  // A tap's click follows its touchend within a frame.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  expect(await page.evaluate(() => (window as any).clicksAfterHold)).toBe(0);
  await sheet.getByRole('button', { name: 'React with :+1:' }).tap();
  await expect(sheet).toBeHidden();
  await expect(held.getByRole('button', { name: 'you reacted with :+1:' })).toHaveAttribute('aria-pressed', 'true');

  // A swipe from the left edge opens the channel list.
  const nav = page.getByRole('navigation', { name: 'Channels' });
  await touch(cdp, 'touchStart', 3, 300);
  await touch(cdp, 'touchMove', 40, 302);
  await touch(cdp, 'touchMove', 110, 305);
  await touch(cdp, 'touchEnd');
  await expect(nav).toBeVisible();
  expect(await seriousProblems(page, 'drawer')).toEqual([]);
  await shots('drawer');
  await page.keyboard.press('Escape');
  await expect(nav).toBeHidden();

  // The message box grows with what is written, and the newest post stays in view above it.
  const composer = page.getByRole('textbox', { name: `Write to ${room.display_name}` });
  const oneLine = (await composer.boundingBox())!.height;
  await composer.fill('first line\nsecond\nthird\nfourth\nfifth');
  await expect.poll(async () => (await composer.boundingBox())!.height).toBeGreaterThan(oneLine + 40);
  await expect(posts.filter({ hasText: 'short message 20' })).toBeInViewport();
});

test('on a phone the offer of notifications is one small line, and "Not now" is remembered', async ({ page }) => {
  const { team, users: [me] } = await teamWithUsers(1);
  await logIn(page, me, `/${team.name}/channels/town-square`);
  let nav = await openSidebar(page);
  const offer = nav.getByRole('button', { name: 'Turn on desktop notifications' });
  await expect(offer).toBeVisible();
  expect((await offer.boundingBox())!.height).toBeLessThanOrEqual(48);
  await nav.getByRole('button', { name: 'Not now' }).tap();
  await expect(offer).toBeHidden();

  await page.reload();
  nav = await openSidebar(page);
  await expect(nav.getByRole('link', { name: 'Town Square' })).toBeVisible();
  await expect(offer).toBeHidden();
  // Still there for whoever changes their mind.
  await nav.getByRole('button', { name: 'Team menu' }).tap();
  await expect(nav.getByRole('button', { name: 'Turn on desktop notifications' })).toBeVisible();
});
