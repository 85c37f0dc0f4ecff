import { expect, test } from './support/test';
import { channel, logIn, post, teamWithUsers } from './support/api';
import { seriousProblems } from './support/axe';
import { openSidebar } from './support/layout';

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the main screens have no serious accessibility problems (${colorScheme})`, async ({ page }) => {
    // Seven screens, each scanned whole by axe-core: a long journey, not a slow one.
    test.slow();
    await page.emulateMedia({ colorScheme });
    const { team, users: [me, other] } = await teamWithUsers(2);
    const room = await channel(team, other, [me], { header: 'See [the guide](https://example.org)', purpose: 'Planning' });
    await post(other, room.id, `Hello @${me.username}, **welcome**! A list:\n\n- one\n- two\n\n\`code\``);
    const problems: string[] = [];

    await page.goto(`/signup_user_complete/?id=${team.invite_id}`);
    await expect(page.getByRole('heading', { name: `Join ${team.display_name}` })).toBeVisible();
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
    problems.push(...await seriousProblems(page, 'sign-up with problems'));

    await page.goto('/login');
    await expect(page.getByLabel('Email or Username')).toBeVisible();
    problems.push(...await seriousProblems(page, 'login'));

    await logIn(page, me, `/${team.name}/channels/${room.name}`);
    await expect(page.getByTestId('post').first()).toBeVisible();
    problems.push(...await seriousProblems(page, 'channel'));

    const searchBox = page.getByRole('textbox', { name: 'Search messages' });
    await searchBox.fill('welcome');
    await searchBox.press('Enter');
    const results = page.getByRole('complementary', { name: 'Search results' });
    await expect(results.getByTestId('search-result')).toHaveCount(1);
    problems.push(...await seriousProblems(page, 'search results'));
    await page.keyboard.press('Escape');
    await expect(results).toBeHidden();

    const sidebar = await openSidebar(page);
    problems.push(...await seriousProblems(page, 'sidebar'));
    await sidebar.getByRole('button', { name: 'Add channels' }).click();
    await sidebar.getByRole('button', { name: 'Browse channels' }).click();
    await expect(page.getByRole('dialog', { name: 'Browse channels' }).getByRole('listitem').first()).toBeVisible();
    problems.push(...await seriousProblems(page, 'browse channels'));
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog', { name: 'Browse channels' })).toBeHidden();
    // On a phone the drawer the dialog came from is still open: Escape closes it too.
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Channel menu' }).click();
    await page.getByRole('button', { name: 'View info' }).click();
    await expect(page.getByRole('dialog', { name: `About ${room.display_name}` }).getByRole('listitem').first()).toBeVisible();
    problems.push(...await seriousProblems(page, 'channel info'));

    expect(problems).toEqual([]);
  });
}

test('everything on the channel screen is reachable with the keyboard, in a sensible order', async ({ page }) => {
  test.skip((page.viewportSize()?.width ?? 1280) <= 700, 'a phone has no Tab key');
  const { team, users: [me] } = await teamWithUsers(1);
  await logIn(page, me, `/${team.name}/channels/town-square`);
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Write to Town Square' })).toBeVisible();
  // The channel's menu comes with its own code, just after the channel.
  await expect(page.getByRole('button', { name: 'Channel menu' })).toBeVisible();

  // From the top: a skip link, then the sidebar (team menu, channels), then the channel (its
  // menu, then the message box).
  const order: string[] = [];
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    order.push(await page.evaluate(() => {
      const e = document.activeElement as HTMLElement | null;
      return e ? (e.getAttribute('aria-label') || e.textContent || e.tagName).trim() : '';
    }));
  }
  const at = (name: string) => order.indexOf(name);
  expect(order[0]).toBe('Skip to the message box');
  expect(at('Team menu')).toBeGreaterThan(0);
  expect(at('Town Square')).toBeGreaterThan(at('Team menu'));
  expect(at('Channel menu')).toBeGreaterThan(at('Town Square'));
  expect(at('Write to Town Square')).toBeGreaterThan(at('Channel menu'));

  // The skip link goes straight to the message box.
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Write to Town Square' })).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to the message box' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('textbox', { name: 'Write to Town Square' })).toBeFocused();
});

test("a message's actions are reached with the keyboard: Tab to the message, then into its toolbar", async ({ page }) => {
  test.skip((page.viewportSize()?.width ?? 1280) <= 700, 'a phone has no Tab key');
  const { team, users: [me, writer] } = await teamWithUsers(2);
  const room = await channel(team, writer, [me]);
  await post(writer, room.id, 'reach me with the keyboard');
  await logIn(page, me, `/${team.name}/channels/${room.name}`);
  const message = page.getByTestId('post').filter({ hasText: 'reach me with the keyboard' });
  await expect(message).toBeVisible();

  const focusedIsTheMessage = () =>
    page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid === 'post');
  let presses = 0;
  while (!(await focusedIsTheMessage()) && presses < 40) {
    await page.keyboard.press('Tab');
    presses += 1;
  }
  await expect(message).toBeFocused();
  const toolbar = message.getByRole('toolbar', { name: 'Message actions' });
  await expect(toolbar).toHaveCSS('opacity', '1');
  await page.keyboard.press('Tab');
  await expect(toolbar.getByRole('button', { name: 'Add a reaction' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(toolbar.getByRole('button', { name: 'Reply' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('complementary', { name: 'Thread' }).getByTestId('post').filter({ hasText: 'reach me with the keyboard' })).toBeVisible();
});
