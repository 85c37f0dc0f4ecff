import { Page } from '@playwright/test';
import { expect, test } from './support/test';
import { channel, logIn, post, teamWithUsers } from './support/api';
import { untilSaved } from './support/live';

/** The texts of the posts whose message starts with `prefix`, in the order shown. */
function messages(page: Page, prefix: string) {
  return page.getByTestId('post-message').filter({ hasText: new RegExp(`^${prefix}`) });
}

test('a channel reloaded offline shows the saved messages with a clear notice, then catches up online', async ({ browser }) => {
  const { team, users: [reader, writer] } = await teamWithUsers(2);
  const room = await channel(team, writer, [reader]);
  for (const text of ['saved 1', 'saved 2', 'saved 3']) await post(writer, room.id, text);
  const context = await browser.newContext({ serviceWorkers: 'allow' });
  const page = await context.newPage();
  await logIn(page, reader, `/${team.name}/channels/${room.name}`);
  await expect(messages(page, 'saved ')).toHaveText(['saved 1', 'saved 2', 'saved 3']);
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await untilSaved(page, 'saved 3');

  await context.setOffline(true);
  await page.reload();
  await expect(messages(page, 'saved ')).toHaveText(['saved 1', 'saved 2', 'saved 3']);
  const notice = page.getByRole('status').getByText('Offline, showing saved messages');
  await expect(notice).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Channels' }).getByRole('link', { name: room.display_name, exact: true })).toBeVisible();

  await post(writer, room.id, 'saved later');
  await context.setOffline(false);
  await expect(notice).toBeHidden();
  await expect(messages(page, 'saved ')).toHaveText(['saved 1', 'saved 2', 'saved 3', 'saved later']);
  await context.close();
});

test('a repeat visit paints the last screen at once, marked as saved, until the app draws its own', async ({ browser }) => {
  const { team, users: [reader, writer] } = await teamWithUsers(2);
  const room = await channel(team, writer, [reader]);
  await post(writer, room.id, 'seen last time');
  const path = `/${team.name}/channels/${room.name}`;
  const context = await browser.newContext();
  const page = await context.newPage();
  await logIn(page, reader, path);
  await expect(messages(page, 'seen last time')).toHaveCount(1);
  await expect.poll(() => page.evaluate(() => localStorage.getItem('brisk.saved-screen') ?? '')).toContain('seen last time');

  // The app held back (its wasm never arrives): only the picture is on screen.
  const again = await context.newPage();
  await again.route(/\.wasm$/, (route) => route.abort());
  await again.goto(path);
  const picture = again.locator('#saved-screen');
  await expect(picture.getByText('Saved from your last visit')).toBeVisible();
  await expect(picture.getByText('seen last time')).toBeVisible();
  await expect(picture).toHaveAttribute('aria-hidden', 'true');
  await expect(picture).toHaveAttribute('inert', '');
  await expect(again.getByTestId('post-message'), 'the live app finds none of the picture').toHaveCount(0);
  await expect(again.getByRole('main'), 'nor do screen readers').toHaveCount(0);

  // The app starts: it takes the picture down as it draws the channel, one of each landmark.
  await again.unroute(/\.wasm$/);
  await again.reload();
  await expect(messages(again, 'seen last time')).toHaveCount(1);
  await expect(picture).toHaveCount(0);
  await expect(again.getByRole('main')).toHaveCount(1);
  await expect(again.getByRole('navigation', { name: 'Channels' })).toHaveCount(1);

  // Another address of the same team paints no picture of this one.
  await again.route(/\.wasm$/, (route) => route.abort());
  await again.goto(`/${team.name}/channels/town-square`);
  await expect(picture).toHaveCount(0);
  await context.close();
});
