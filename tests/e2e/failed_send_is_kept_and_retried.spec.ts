import { expect, test } from '@playwright/test';
import { channel, logIn, teamWithUsers } from './support/api';
import { untilLive } from './support/live';

test('a half-written message survives a reload, and a send that fails offline is kept for Retry or Delete', async ({ browser }) => {
  const { team, users: [writer, reader] } = await teamWithUsers(2);
  const room = await channel(team, writer, [reader]);
  const path = `/${team.name}/channels/${room.name}`;
  const context = await browser.newContext();
  const a = await context.newPage();
  const b = await (await browser.newContext()).newPage();
  await logIn(a, writer, path);
  await logIn(b, reader, path);
  await untilLive([a, b], writer, room.id);

  const composer = a.getByRole('textbox', { name: `Write to ${room.display_name}` });
  await composer.fill('half-written thought');
  await a.reload();
  await expect(composer).toHaveValue('half-written thought');

  // Offline: the send fails, the message stays, marked, with its text.
  await context.setOffline(true);
  await composer.fill('sent while offline');
  await composer.press('Enter');
  const failed = a.getByTestId('post').filter({ hasText: 'sent while offline' });
  await expect(failed).toHaveAttribute('data-failed', 'true');
  await expect(failed.getByRole('button', { name: 'Retry' })).toBeVisible();
  await composer.fill('never mind this one');
  await composer.press('Enter');
  const discarded = a.getByTestId('post').filter({ hasText: 'never mind this one' });
  await expect(discarded).toHaveAttribute('data-failed', 'true');

  // Back online: Retry sends it once; Delete drops the other.
  await context.setOffline(false);
  await failed.getByRole('button', { name: 'Retry' }).click();
  await expect(failed).not.toHaveAttribute('data-failed', 'true');
  await expect(failed).not.toHaveAttribute('data-pending', 'true');
  await discarded.getByRole('button', { name: 'Delete' }).click();
  await expect(discarded).toHaveCount(0);

  await expect(b.getByTestId('post').filter({ hasText: 'sent while offline' })).toHaveCount(1);
  await b.reload();
  await expect(b.getByTestId('post').filter({ hasText: 'sent while offline' })).toHaveCount(1);
  await expect(b.getByTestId('post').filter({ hasText: 'never mind this one' })).toHaveCount(0);
});
