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
