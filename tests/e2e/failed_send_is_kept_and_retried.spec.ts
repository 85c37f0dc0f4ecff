import { Page } from '@playwright/test';
import { expect, test } from './support/test';
import { channel, logIn, teamWithUsers } from './support/api';
import { twoPeopleLive, untilLive } from './support/live';

const postsWith = (page: Page, text: string) => page.getByTestId('post').filter({ hasText: text });

test('a half-written message survives a reload, and a send that fails offline is kept for Retry or Delete', async ({ browser }) => {
  const { room, a, b } = await twoPeopleLive(browser);
  const composer = a.getByRole('textbox', { name: `Write to ${room.display_name}` });
  await composer.fill('half-written thought');
  await a.reload();
  await expect(composer).toHaveValue('half-written thought');

  // Offline: the send fails, the message stays, marked, with its text.
  await a.context().setOffline(true);
  await composer.fill('sent while offline');
  await composer.press('Enter');
  const failed = postsWith(a, 'sent while offline');
  await expect(failed).toHaveAttribute('data-failed', 'true');
  await expect(failed.getByRole('button', { name: 'Retry' })).toBeVisible();
  await composer.fill('never mind this one');
  await composer.press('Enter');
  const discarded = postsWith(a, 'never mind this one');
  await expect(discarded).toHaveAttribute('data-failed', 'true');

  // Back online: Retry sends it once; Delete drops the other.
  await a.context().setOffline(false);
  await failed.getByRole('button', { name: 'Retry' }).click();
  await expect(failed).not.toHaveAttribute('data-failed', 'true');
  await expect(failed).not.toHaveAttribute('data-pending', 'true');
  await discarded.getByRole('button', { name: 'Delete' }).click();
  await expect(discarded).toHaveCount(0);

  await expect(postsWith(b, 'sent while offline')).toHaveCount(1);
  await b.reload();
  await expect(postsWith(b, 'sent while offline')).toHaveCount(1);
  await expect(postsWith(b, 'never mind this one')).toHaveCount(0);
  await a.reload();
  await expect(postsWith(a, 'sent while offline')).toHaveCount(1);
  await expect(postsWith(a, 'never mind this one')).toHaveCount(0);
});

test('a send that failed is still there after a reload, and Retry sends it once', async ({ browser }) => {
  const { room, a, b } = await twoPeopleLive(browser);
  const composer = a.getByRole('textbox', { name: `Write to ${room.display_name}` });
  await a.context().setOffline(true);
  await composer.fill('written on the train');
  await composer.press('Enter');
  const failed = postsWith(a, 'written on the train');
  await expect(failed).toHaveAttribute('data-failed', 'true');

  await a.context().setOffline(false);
  await a.reload();
  await expect(failed).toHaveAttribute('data-failed', 'true');
  await failed.getByRole('button', { name: 'Retry' }).click();
  await expect(failed).not.toHaveAttribute('data-failed', 'true');
  await expect(failed).not.toHaveAttribute('data-pending', 'true');
  await expect(postsWith(b, 'written on the train')).toHaveCount(1);
  await a.reload();
  await expect(failed).toHaveCount(1);
  await expect(failed).not.toHaveAttribute('data-failed', 'true');
});

test('a send that reached the server but whose answer was lost shows once after a reload', async ({ browser }) => {
  const { team, users: [writer, reader] } = await teamWithUsers(2);
  const room = await channel(team, writer, [reader]);
  const path = `/${team.name}/channels/${room.name}`;
  const a = await (await browser.newContext()).newPage();
  const b = await (await browser.newContext()).newPage();
  // No live events for the writer, so only the lost answer could have confirmed the post.
  await a.routeWebSocket(/\/api\/v4\/websocket/, () => {});
  await logIn(a, writer, path);
  await logIn(b, reader, path);
  await untilLive([b], writer, room.id);
  await expect(a.getByTestId('post-list')).toBeVisible();
  await expect(a.getByText('Loading messages…')).toHaveCount(0);
  await a.route('**/api/v4/posts', async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    await route.fetch();
    await route.abort('connectionreset');
  });

  const composer = a.getByRole('textbox', { name: `Write to ${room.display_name}` });
  await composer.fill('the answer got lost');
  await composer.press('Enter');
  const lost = postsWith(a, 'the answer got lost');
  await expect(lost).toHaveAttribute('data-failed', 'true');
  await expect(postsWith(b, 'the answer got lost')).toHaveCount(1);

  await a.unrouteAll({ behavior: 'ignoreErrors' });
  await a.reload();
  await expect(lost).toHaveCount(1);
  await expect(lost).not.toHaveAttribute('data-failed', 'true');
  await expect(lost.getByRole('button', { name: 'Retry' })).toHaveCount(0);
});
