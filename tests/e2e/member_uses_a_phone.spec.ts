import { expect, test } from './support/test';
import { channel, logIn, post, teamWithUsers } from './support/api';
import { openSidebar } from './support/layout';

// Runs in the phone project only (playwright.config.ts): 360x640, touch.
test('on a phone the channel fills the screen, the channel list is a drawer, targets are big enough', async ({ page }) => {
  const { team, users: [me, other] } = await teamWithUsers(2);
  const room = await channel(team, other, [me]);
  await post(other, room.id, 'A long line that must wrap on a small screen: ' + 'word '.repeat(40) + 'https://example.org/' + 'x'.repeat(120));
  await logIn(page, me, `/${team.name}/channels/${room.name}`);

  const nav = page.getByRole('navigation', { name: 'Channels' });
  await expect(nav).toBeHidden();
  await expect(page.getByRole('main').getByRole('heading', { level: 1 })).toHaveText(room.display_name);
  const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  expect(widths[0], 'no horizontal scroll').toBeLessThanOrEqual(widths[1]);

  // Every control a thumb needs is at least 44 px square.
  const composer = page.getByRole('textbox', { name: `Write to ${room.display_name}` });
  for (const control of [
    page.getByRole('button', { name: 'Show channels' }),
    page.getByRole('button', { name: 'Channel menu' }),
    composer,
    page.getByRole('button', { name: 'Send' }),
  ]) {
    const box = await control.boundingBox();
    expect(box, await control.evaluate((e) => e.outerHTML.slice(0, 80))).not.toBeNull();
    expect(box!.height).toBeGreaterThanOrEqual(44);
    expect(box!.width).toBeGreaterThanOrEqual(44);
  }

  // The drawer: opens with focus inside, lists channels with big targets, closes on a choice.
  await page.getByRole('button', { name: 'Show channels' }).tap();
  await expect(nav).toBeVisible();
  await expect(nav.getByRole('link', { name: room.display_name })).toBeFocused();
  const link = nav.getByRole('link', { name: 'Town Square' });
  expect((await link.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  await link.tap();
  await expect(page).toHaveURL(new RegExp(`/${team.name}/channels/town-square$`));
  await expect(nav).toBeHidden();

  // A tap beside the open drawer closes it.
  await openSidebar(page);
  await page.mouse.click(350, 320);
  await expect(nav).toBeHidden();

  // So does Escape (a hardware keyboard on a tablet or phone).
  await openSidebar(page);
  await page.keyboard.press('Escape');
  await expect(nav).toBeHidden();

  // With the on-screen keyboard up the page is shorter: the composer stays in view.
  await page.setViewportSize({ width: 360, height: 330 });
  const townComposer = page.getByRole('textbox', { name: 'Write to Town Square' });
  await townComposer.tap();
  await expect(townComposer).toBeInViewport();
  await expect(page.getByRole('button', { name: 'Send' })).toBeInViewport();
});
