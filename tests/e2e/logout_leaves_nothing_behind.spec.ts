import { expect, test } from './support/test';
import { channel, logIn, post, teamWithUsers } from './support/api';
import { deviceRecords, untilSaved } from './support/live';

test('logging out erases what the device kept, and the next person sees none of it', async ({ browser }) => {
  const { team, users: [first, second] } = await teamWithUsers(2);
  const secret = await channel(team, first);
  await post(first, secret.id, 'first person only');
  const context = await browser.newContext();
  const page = await context.newPage();
  await logIn(page, first, `/${team.name}/channels/${secret.name}`);
  await expect(page.getByText('first person only')).toBeVisible();
  await untilSaved(page, 'first person only');
  // A post waiting for the network (its sends find no server) and a draft are on the device too.
  await page.route('**/api/v4/posts', (route) => route.abort('internetdisconnected'));
  const composer = page.getByRole('textbox', { name: `Write to ${secret.display_name}` });
  await composer.fill('words in waiting');
  await composer.press('Enter');
  await expect.poll(async () => JSON.stringify((await deviceRecords(page)).outbox ?? [])).toContain('words in waiting');
  await composer.fill('a draft of mine');

  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login/);
  const kept = await page.evaluate(async () => ({
    keys: Object.keys(localStorage).filter((key) => key.startsWith('brisk.')),
    databases: (await indexedDB.databases()).map((db) => db.name),
  }));
  expect(kept).toEqual({ keys: [], databases: [] });
  await page.unroute('**/api/v4/posts');

  await logIn(page, second, `/${team.name}/channels/town-square`);
  await expect(page.getByTestId('post-list')).toBeVisible();
  await expect(page.getByRole('link', { name: secret.display_name, exact: true })).toHaveCount(0);
  await expect(page.getByText('first person only')).toHaveCount(0);
  await context.close();
});

test('logging out offline erases the device at once and ends the server session once the network is back', async ({ browser }) => {
  const { team, users: [reader] } = await teamWithUsers(1);
  const context = await browser.newContext();
  const page = await context.newPage();
  const channelUrl = `/${team.name}/channels/town-square`;
  await logIn(page, reader, channelUrl);
  await expect(page.getByTestId('post-list')).toBeVisible();
  const cookie = (await context.cookies()).find((c) => c.name === 'MMAUTHTOKEN');
  expect(cookie).toBeDefined();

  await context.setOffline(true);
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login/);
  const notice = page.getByRole('status').filter({ hasText: 'it will be ended as soon as the network is back' });
  await expect(notice).toBeVisible();
  const kept = await page.evaluate(async () => ({
    keys: Object.keys(localStorage).filter((key) => key.startsWith('brisk.')),
    databases: (await indexedDB.databases()).map((db) => db.name),
  }));
  expect(kept, 'nothing of the person, only that a session is to be ended').toEqual({ keys: ['brisk.session-left-open'], databases: [] });

  // Back online but the server still out of reach: the browser's cookie still works, yet the app
  // opens on the login page instead of the channel.
  await page.route('**/api/v4/users/logout', (route) => route.abort('internetdisconnected'));
  await context.setOffline(false);
  await page.goto(channelUrl);
  await expect(page).toHaveURL(/\/login$/);
  await expect(notice).toBeVisible();
  await expect(page.getByTestId('post-list')).toHaveCount(0);

  await page.unroute('**/api/v4/users/logout');
  await page.reload();
  await expect(page.getByRole('button', { name: 'Log in' })).toBeVisible();
  await expect(notice).toHaveCount(0);
  const me = await page.request.get('/api/v4/users/me', { headers: { Authorization: `Bearer ${cookie!.value}` } });
  expect(me.status(), 'the session is ended on the server').toBe(401);
  expect(await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('brisk.')))).toEqual([]);
  await context.close();
});
