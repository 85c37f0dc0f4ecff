import { Page } from '@playwright/test';
import { expect, test } from './support/test';
import { channel, logIn, post, teamWithUsers } from './support/api';

/** The texts of the posts whose message starts with `prefix`, in the order shown. */
function messages(page: Page, prefix: string) {
  return page.getByTestId('post-message').filter({ hasText: new RegExp(`^${prefix}`) });
}

test('A goes offline, B posts 50 messages, A comes back: all 50 appear once, in order, badges right', async ({ browser }) => {
  const { team, users: [a, b] } = await teamWithUsers(2);
  const room = await channel(team, b, [a]);
  const side = await channel(team, b, [a]);
  const context = await browser.newContext();
  const page = await context.newPage();
  await logIn(page, a, `/${team.name}/channels/${room.name}`);
  await post(b, room.id, 'before the outage');
  await expect(messages(page, 'before the outage')).toHaveCount(1);

  await context.setOffline(true);
  await expect(page.getByRole('status').getByText('Reconnecting…')).toBeVisible();
  const sent = Array.from({ length: 50 }, (_, i) => `missed ${i + 1}`);
  for (const message of sent) await post(b, room.id, message);
  await post(b, side.id, `@${a.username} meanwhile, elsewhere`);
  await post(b, side.id, 'and one more');

  await context.setOffline(false);
  await expect(page.getByRole('status').getByText('Reconnecting…')).toBeHidden();
  const missed = messages(page, 'missed ');
  await expect(missed).toHaveCount(50);
  expect((await missed.allTextContents()).map((text) => text.trim())).toEqual(sent);

  const sidebar = page.getByRole('navigation', { name: 'Channels' });
  const sideEntry = sidebar.getByRole('listitem').filter({ has: page.getByRole('link', { name: side.display_name, exact: true }) });
  await expect(sideEntry.getByRole('link')).toHaveClass(/unread/);
  await expect(sideEntry.getByLabel('1 mention')).toHaveText('1');
  const roomEntry = sidebar.getByRole('listitem').filter({ has: page.getByRole('link', { name: room.display_name, exact: true }) });
  await expect(roomEntry.getByRole('link')).not.toHaveClass(/unread/);
  await expect(page).toHaveTitle('(1) brisk');

  // Live again, and still nothing doubled.
  await post(b, room.id, 'after the outage');
  await expect(messages(page, 'after the outage')).toHaveCount(1);
  await expect(missed).toHaveCount(50);
  await context.close();
});
