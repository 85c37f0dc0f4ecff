import { expect, test } from './support/test';
import { channel, logIn, post, reply, teamWithUsers } from './support/api';

test('a permalink to a reply opens in a fresh page at its channel, with the thread beside it', async ({ page }) => {
  const { team, users: [reader, writer] } = await teamWithUsers(2);
  const room = await channel(team, writer, [reader]);
  const root = await post(writer, room.id, 'where do we meet on friday?');
  const answer = await reply(writer, room.id, root.id, 'at the lighthouse, at noon');
  await post(writer, room.id, 'a later message');
  await logIn(page, reader, `/${team.name}/channels/town-square`);

  const fresh = await page.context().newPage();
  await fresh.goto(`/${team.name}/pl/${answer.id}`);
  await expect(fresh).toHaveURL(new RegExp(`/${team.name}/channels/${room.name}$`));
  const thread = fresh.getByRole('complementary', { name: 'Thread' });
  const highlighted = thread.locator(`[data-post-id="${answer.id}"]`);
  await expect(highlighted).toHaveClass(/post-highlighted/);
  await expect(highlighted).toContainText('at the lighthouse, at noon');
  await expect(highlighted).toBeFocused();
  await expect(fresh.getByTestId('post-list').locator(`[data-post-id="${root.id}"]`)).toBeInViewport();
  const sidebar = fresh.getByRole('navigation', { name: 'Channels' });
  await expect(sidebar.getByRole('link', { name: room.display_name, exact: true })).toHaveAttribute('aria-current', 'page');
});

test('Copy link on a message copies its absolute permalink, which opens the message highlighted', async ({ page }) => {
  const { team, users: [reader, writer] } = await teamWithUsers(2);
  const room = await channel(team, writer, [reader]);
  const shared = await post(writer, room.id, 'the agenda is final');
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await logIn(page, reader, `/${team.name}/channels/${room.name}`);

  const message = page.getByTestId('post-list').locator(`[data-post-id="${shared.id}"]`);
  await message.hover();
  await message.getByRole('button', { name: 'Copy link' }).click();
  await expect(message.getByRole('status')).toHaveText('Link copied.');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toBe(`${new URL(page.url()).origin}/${team.name}/pl/${shared.id}`);

  const fresh = await page.context().newPage();
  await fresh.goto(link);
  const opened = fresh.getByTestId('post-list').locator(`[data-post-id="${shared.id}"]`);
  await expect(opened).toHaveClass(/post-highlighted/);
  await expect(opened).toBeFocused();
});

test('a permalink into a private channel the reader is not in, or to no message, says it cannot be shown', async ({ page }) => {
  const { team, users: [owner, outsider] } = await teamWithUsers(2);
  const secret = await channel(team, owner, [], { type: 'P' });
  const hidden = await post(owner, secret.id, 'the surprise party is on saturday');
  await logIn(page, outsider, `/${team.name}/pl/${hidden.id}`);

  await expect(page.getByRole('heading', { name: 'Message not found' })).toBeVisible();
  await expect(page.getByText('This message was deleted, or it is in a channel you cannot see.')).toBeVisible();
  await expect(page.getByText('the surprise party is on saturday')).toHaveCount(0);

  await page.goto(`/${team.name}/pl/${'x'.repeat(26)}`);
  await expect(page.getByRole('heading', { name: 'Message not found' })).toBeVisible();
  await page.getByRole('link', { name: 'Go to Town Square' }).click();
  await expect(page).toHaveURL(new RegExp(`/${team.name}/channels/town-square$`));
});
