import { expect, test } from './support/test';
import { channel, logIn, post, teamWithUsers } from './support/api';
import { untilLive } from './support/live';

test('a link to a message shows it quoted, but a private message only to those who may read it', async ({ browser }) => {
  const { team, users: [ann, bob, cy] } = await teamWithUsers(3);
  const open = await channel(team, ann, [bob, cy]);
  const secretResponse = await ann.api.post('/api/v4/channels', {
    data: { team_id: team.id, name: `${open.name}-p`, display_name: 'Secret plans', type: 'P' },
  });
  expect(secretResponse.ok()).toBeTruthy();
  const secret = await secretResponse.json();
  expect((await bob.api.post(`/api/v4/channels/${secret.id}/members`, { data: { user_id: bob.userId } })).ok()).toBeFalsy();
  expect((await ann.api.post(`/api/v4/channels/${secret.id}/members`, { data: { user_id: bob.userId } })).ok()).toBeTruthy();
  const shared = await post(ann, open.id, 'the **plan** is ready');
  const hidden = await post(ann, secret.id, 'the launch date is friday');

  const path = `/${team.name}/channels/${open.name}`;
  const b = await (await browser.newContext()).newPage();
  const c = await (await browser.newContext()).newPage();
  await logIn(b, bob, path);
  await logIn(c, cy, path);
  await untilLive([b, c], ann, open.id);
  const origin = new URL(b.url()).origin;

  const composer = b.getByRole('textbox', { name: `Write to ${open.display_name}` });
  await composer.fill(`have you seen ${origin}/${team.name}/pl/${shared.id}`);
  await composer.press('Enter');
  for (const page of [b, c]) {
    const quote = page.getByTestId('post').filter({ hasText: 'have you seen' }).getByTestId('permalink-preview');
    await expect(quote).toContainText(ann.username);
    await expect(quote.locator('strong')).toHaveText('plan');
    await expect(quote.getByRole('link', { name: 'Jump to message' })).toHaveAttribute('href', `/${team.name}/pl/${shared.id}`);
  }

  await composer.fill(`and ${origin}/${team.name}/pl/${hidden.id}`);
  await composer.press('Enter');
  const quoteOfHidden = (page: typeof b) =>
    page.getByTestId('post').filter({ hasText: `pl/${hidden.id}` }).getByTestId('permalink-preview');
  await expect(quoteOfHidden(b)).toContainText('the launch date is friday');
  await expect(c.getByTestId('post').filter({ hasText: `pl/${hidden.id}` })).toBeVisible();
  await expect(quoteOfHidden(c)).toHaveCount(0);
  await c.reload();
  await expect(c.getByTestId('post').filter({ hasText: `pl/${hidden.id}` })).toBeVisible();
  await expect(quoteOfHidden(c)).toHaveCount(0);
  await expect(c.getByText('the launch date is friday')).toHaveCount(0);
});
