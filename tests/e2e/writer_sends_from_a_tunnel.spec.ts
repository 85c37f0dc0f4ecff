import { Page } from '@playwright/test';
import { expect, test } from './support/test';
import { channel, logIn, teamWithUsers } from './support/api';
import { deviceRecords, untilLive, untilSaved } from './support/live';

/** The texts of the posts whose message starts with `prefix`, in the order shown. */
function messages(page: Page, prefix: string) {
  return page.getByTestId('post-message').filter({ hasText: new RegExp(`^${prefix}`) });
}

const postsWith = (page: Page, text: string) => page.getByTestId('post').filter({ hasText: text });

test('posts written offline wait, survive a reload, and arrive once and in order when the network is back', async ({ browser }) => {
  const { team, users: [writer, reader] } = await teamWithUsers(2);
  const room = await channel(team, writer, [reader]);
  const path = `/${team.name}/channels/${room.name}`;
  // The writer's browser keeps the app on the device (its service worker), so it reloads offline.
  const context = await browser.newContext({ serviceWorkers: 'allow' });
  const a = await context.newPage();
  const b = await (await browser.newContext()).newPage();
  await logIn(a, writer, path);
  await logIn(b, reader, path);
  await a.evaluate(async () => { await navigator.serviceWorker.ready; });
  await untilLive([a, b], writer, room.id);
  await untilSaved(a, room.id);

  await context.setOffline(true);
  const composer = a.getByRole('textbox', { name: `Write to ${room.display_name}` });
  for (const text of ['tunnel 1', 'tunnel 2 draft', 'never mind', 'tunnel 3']) {
    await composer.fill(text);
    await composer.press('Enter');
    await expect(postsWith(a, text)).toHaveAttribute('data-waiting', 'true');
    await expect(postsWith(a, text).getByText('Waiting for network')).toBeVisible();
  }
  // While waiting, a post can still be changed or dropped.
  await postsWith(a, 'tunnel 2 draft').getByRole('button', { name: 'Edit' }).click();
  const editor = a.getByRole('textbox', { name: 'Edit message' });
  await editor.fill('tunnel 2');
  await editor.press('Enter');
  await expect(messages(a, 'tunnel 2')).toHaveText(['tunnel 2']);
  await postsWith(a, 'never mind').getByRole('button', { name: 'Delete' }).click();
  await expect(postsWith(a, 'never mind')).toHaveCount(0);

  // What waits is kept on the device: the three posts, as changed.
  await expect.poll(async () => ((await deviceRecords(a)).outbox ?? []).map((post) => JSON.parse(post).message).sort())
    .toEqual(['tunnel 1', 'tunnel 2', 'tunnel 3']);

  // A reload in the tunnel: the page and the channel come from the device, the posts still wait.
  await a.reload();
  await expect(messages(a, 'tunnel ')).toHaveText(['tunnel 1', 'tunnel 2', 'tunnel 3']);
  await expect(a.locator('[data-testid="post"][data-waiting="true"]')).toHaveCount(3);
  await expect(postsWith(a, 'never mind')).toHaveCount(0);

  await context.setOffline(false);
  const sent = messages(b, 'tunnel ');
  await expect(sent).toHaveText(['tunnel 1', 'tunnel 2', 'tunnel 3']);
  await expect(messages(a, 'tunnel ')).toHaveText(['tunnel 1', 'tunnel 2', 'tunnel 3']);
  await expect(a.locator('[data-testid="post"][data-waiting="true"]')).toHaveCount(0);
  await expect(a.locator('[data-testid="post"][data-pending="true"]')).toHaveCount(0);

  // Nothing doubled, for the reader after a reload nor for the writer.
  await b.reload();
  await expect(messages(b, 'tunnel ')).toHaveText(['tunnel 1', 'tunnel 2', 'tunnel 3']);
  await expect(messages(b, 'never mind')).toHaveCount(0);
  await a.reload();
  await expect(messages(a, 'tunnel ')).toHaveText(['tunnel 1', 'tunnel 2', 'tunnel 3']);
  await expect.poll(async () => (await deviceRecords(a)).outbox).toEqual([]);
  await context.close();
});
