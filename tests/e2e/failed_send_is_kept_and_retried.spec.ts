import { Page } from '@playwright/test';
import { expect, test } from './support/test';
import { channel, logIn, teamWithUsers } from './support/api';
import { deviceRecords, twoPeopleLive, untilLive } from './support/live';

const postsWith = (page: Page, text: string) => page.getByTestId('post').filter({ hasText: text });

test('a half-written message survives a reload, and a post the server refuses stays failed with the reason, for Retry or Delete', async ({ browser }) => {
  const { room, first, a, b } = await twoPeopleLive(browser);
  const composer = a.getByRole('textbox', { name: `Write to ${room.display_name}` });
  await composer.fill('half-written thought');
  await a.reload();
  await expect(composer).toHaveValue('half-written thought');

  // Written offline, it waits; meanwhile the channel is archived, so the server refuses it.
  await a.context().setOffline(true);
  await composer.fill('written before the archive');
  await composer.press('Enter');
  const refused = postsWith(a, 'written before the archive');
  await expect(refused).toHaveAttribute('data-waiting', 'true');
  const archived = await first.api.delete(`/api/v4/channels/${room.id}`);
  expect(archived.ok()).toBeTruthy();
  await a.context().setOffline(false);
  await expect(refused).toHaveAttribute('data-failed', 'true');
  await expect(refused.getByText('Not sent. Can not post to deleted channel.')).toBeVisible();

  // Still failed, with the reason, after a reload; Retry is refused again; Delete drops it.
  await a.reload();
  await expect(refused).toHaveAttribute('data-failed', 'true');
  await expect(refused.getByText('Can not post to deleted channel.')).toBeVisible();
  await refused.getByRole('button', { name: 'Retry' }).click();
  await expect(refused).toHaveAttribute('data-failed', 'true');
  await refused.getByRole('button', { name: 'Delete' }).click();
  await expect(refused).toHaveCount(0);
  // The device's outbox is written a moment after the change; a reload before that would find the
  // post still kept there.
  await expect.poll(async () => (await deviceRecords(a)).outbox).toEqual([]);
  await a.reload();
  await expect(a.getByTestId('post-list')).toBeVisible();
  await expect(refused).toHaveCount(0);
  await b.reload();
  await expect(b.getByTestId('post-list')).toBeVisible();
  await expect(postsWith(b, 'written before the archive')).toHaveCount(0);
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
  // No answer looks like no network: the post waits to be sent again.
  const lost = postsWith(a, 'the answer got lost');
  await expect(lost).toHaveAttribute('data-waiting', 'true');
  await expect(postsWith(b, 'the answer got lost')).toHaveCount(1);

  // Sent again with its pending_post_id after a reload, the server recognises it: shown once.
  await a.unrouteAll({ behavior: 'ignoreErrors' });
  await a.reload();
  // Until the resend's answer names it, the server's copy a page of posts brings shows beside the
  // copy being sent (a page never says which post was sent with which pending_post_id): what is
  // waited for is the end, one copy, sent. (A locator assertion on `lost` would fail at once,
  // on strict mode, if it looked during that moment.)
  const copies = () => lost.evaluateAll((posts) =>
    posts.map((post) => (post.hasAttribute('data-pending') ? 'pending' : post.hasAttribute('data-waiting') ? 'waiting' : 'sent')));
  await expect.poll(copies).toEqual(['sent']);
  await expect(postsWith(b, 'the answer got lost')).toHaveCount(1);
});
