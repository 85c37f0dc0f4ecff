import { expect, test } from './support/test';
import { channel, logIn, post, teamWithUsers } from './support/api';
import { isPhone } from './support/layout';

test('a member lists the posts that mention them, newest first, and jumps to one in its channel', async ({ page }) => {
  const { team, users: [reader, writer] } = await teamWithUsers(2);
  const room = await channel(team, writer, [reader]);
  const other = await channel(team, writer, [reader]);
  const budget = await post(writer, room.id, `@${reader.username} the budget is ready`);
  await post(writer, other.id, 'nothing for anyone in particular');
  await post(writer, other.id, `lunch, @${reader.username}?`);

  await logIn(page, reader, `/${team.name}/channels/town-square`);
  await page.getByRole('button', { name: 'Recent mentions' }).click();
  const mentions = page.getByRole('complementary', { name: 'Recent mentions' });
  const hits = mentions.getByTestId('search-result');
  await expect(hits).toHaveCount(2);
  await expect(hits.first()).toContainText(`lunch, @${reader.username}?`);
  await expect(hits.first()).toContainText(other.display_name);
  await expect(hits.last()).toContainText('the budget is ready');
  await expect(hits.last()).toContainText(writer.username);

  await hits.last().getByRole('link', { name: 'Jump' }).click();
  await expect(page).toHaveURL(new RegExp(`/${team.name}/channels/${room.name}$`));
  const target = page.getByTestId('post-list').locator(`[data-post-id="${budget.id}"]`);
  await expect(target).toHaveClass(/post-highlighted/);
  await expect(target).toBeInViewport();

  if (isPhone(page)) {
    // The results covered the channel: jumping closed them.
    await expect(mentions).toBeHidden();
  } else {
    // Mattermost's shortcut opens them from anywhere.
    await mentions.getByRole('button', { name: 'Close recent mentions' }).click();
    await expect(mentions).toBeHidden();
    await page.keyboard.press('ControlOrMeta+Shift+M');
    await expect(hits).toHaveCount(2);
  }
});
