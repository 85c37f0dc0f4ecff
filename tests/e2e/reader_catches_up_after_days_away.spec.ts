import { expect, test } from './support/test';
import { channel, logIn, markRead, post, teamWithUsers } from './support/api';

test('A comes back to a busy channel: it opens at the New messages line, and Jump brings the line back', async ({ browser }) => {
  const { team, users: [a, b, c] } = await teamWithUsers(3);
  const room = await channel(team, b, [a, c]);
  for (let i = 1; i <= 5; i++) await post(b, room.id, `read ${i}`);
  await markRead(a, room.id);
  // More than a page (60), so the client must go back for where the new posts start. Two
  // people write them, each within the server's per-session rate limit.
  for (let i = 1; i <= 150; i++) await post(i % 2 ? b : c, room.id, `new ${i}`);

  const context = await browser.newContext();
  const page = await context.newPage();
  await logIn(page, a, `/${team.name}/channels/town-square`);
  const sidebar = page.getByRole('navigation', { name: 'Channels' });
  await expect(sidebar.getByLabel('150 unread messages')).toBeVisible();
  await sidebar.getByRole('link', { name: room.display_name, exact: true }).click();

  const line = page.getByTestId('new-messages-line');
  const message = (text: string) => page.getByTestId('post-message').getByText(text, { exact: true });
  await expect(line).toBeInViewport();
  await expect(message('new 1')).toBeInViewport();
  await expect(message('read 5')).toHaveCount(1);
  await expect(message('new 150')).not.toBeInViewport();
  await expect(page.locator('[data-testid="new-messages-line"] ~ [data-testid="post"]').first().getByTestId('post-message')).toHaveText('new 1');

  // Read on to the end, then jump back to where the new posts began.
  const jump = page.getByRole('button', { name: 'Jump to new messages' });
  await expect(jump).toBeHidden();
  await page.getByTestId('post-list').evaluate((list) => { list.scrollTop = list.scrollHeight; });
  await expect(message('new 150')).toBeInViewport();
  await jump.click();
  await expect(line).toBeInViewport();
  await expect(jump).toBeHidden();
  await context.close();
});
