import { expect, test } from './support/test';
import { channel, logIn, teamWithUsers } from './support/api';

test('A posts from the composer and B sees it without reloading, once', async ({ browser }) => {
  const { team, users: [alice, bob] } = await teamWithUsers(2);
  const room = await channel(team, alice, [bob]);
  const path = `/${team.name}/channels/${room.name}`;

  const aliceContext = await browser.newContext();
  const bobContext = await browser.newContext();
  const a = await aliceContext.newPage();
  const b = await bobContext.newPage();
  await logIn(a, alice, path);
  await logIn(b, bob, path);
  await expect(b.getByRole('heading', { level: 1 })).toHaveText(room.display_name);
  await expect(b.getByTestId('post-list')).toBeVisible();

  const composer = a.getByRole('textbox', { name: `Write to ${room.display_name}` });
  await composer.fill('first line');
  await composer.press('Shift+Enter');
  await composer.pressSequentially('second line with **bold**');
  await composer.press('Enter');
  await expect(composer).toHaveValue('');

  const onA = a.getByTestId('post').filter({ hasText: 'second line with bold' });
  await expect(onA).toHaveCount(1);
  await expect(onA).not.toHaveAttribute('data-pending', 'true');

  const onB = b.getByTestId('post').filter({ hasText: 'second line with bold' });
  await expect(onB).toHaveCount(1);
  await expect(onB.getByTestId('post-message').locator('strong')).toHaveText('bold');
  await expect(onB.getByTestId('post-message')).toContainText('first line');
  await expect(onB.getByTestId('post-author')).toHaveText(alice.username);

  // And back the other way, still live.
  await b.getByRole('textbox', { name: `Write to ${room.display_name}` }).fill('reply from bob');
  await b.getByRole('textbox', { name: `Write to ${room.display_name}` }).press('Enter');
  await expect(a.getByTestId('post').filter({ hasText: 'reply from bob' })).toHaveCount(1);
  await expect(b.getByTestId('post').filter({ hasText: 'reply from bob' })).toHaveCount(1);

  await aliceContext.close();
  await bobContext.close();
});
