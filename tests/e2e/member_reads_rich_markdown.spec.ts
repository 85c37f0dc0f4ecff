import { expect, test } from './support/test';
import { channel, logIn, post, teamWithUsers } from './support/api';

test('a member reads emoji, highlighted code, channel links, hashtags and sized images', async ({ page }) => {
  const { team, users: [author, reader] } = await teamWithUsers(2);
  const room = await channel(team, author, [reader]);
  const other = await channel(team, author, [reader]);
  await post(author, room.id, `ship it :tada: :) see ~${other.name} about #release-notes`);
  await post(author, room.id, '```rust\nfn main() { let s = "hi"; } // done\n```');
  await post(author, room.id, '![chart](/favicon-that-is-missing.png =120x40)');
  await post(author, room.id, '- [x] done\n- [ ] todo\n\n<img src=x onerror="window.pwned=1"> :<script>:');

  await logIn(page, reader, `/${team.name}/channels/${room.name}`);
  const messages = page.getByTestId('post-message');

  const first = messages.filter({ hasText: 'ship it' });
  await expect(first.getByRole('img', { name: ':tada:' })).toHaveText('🎉');
  await expect(first.getByRole('img', { name: ':slightly_smiling_face:' })).toBeVisible();
  await expect(first.getByRole('link', { name: `~${other.name}` }))
    .toHaveAttribute('href', `/${team.name}/channels/${other.name}`);
  await expect(first.getByRole('link', { name: '#release-notes' })).toBeVisible();

  const code = messages.locator('pre code.language-rust');
  await expect(code.locator('.hl-k').first()).toHaveText('fn');
  await expect(code.locator('.hl-s')).toHaveText('"hi"');
  await expect(code.locator('.hl-c')).toHaveText('// done');

  const image = messages.getByRole('img', { name: 'chart' });
  await expect(image).toHaveAttribute('width', '120');
  await expect(image).toHaveAttribute('height', '40');

  const tasks = messages.filter({ hasText: 'todo' });
  await expect(tasks.getByRole('checkbox')).toHaveCount(2);
  await expect(tasks).toContainText('<img src=x onerror="window.pwned=1">');
  expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();

  // A channel link opens that channel.
  await first.getByRole('link', { name: `~${other.name}` }).click();
  await expect(page).toHaveURL(new RegExp(`/${team.name}/channels/${other.name}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(other.display_name);
});
