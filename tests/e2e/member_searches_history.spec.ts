import { expect, test } from './support/test';
import { channel, logIn, markRead, post, teamWithUsers } from './support/api';
import { isPhone, openSidebar } from './support/layout';

test('a member finds an old message by search, jumps to it far back in its channel, and searches a hashtag', async ({ page }) => {
  const { team, users: [reader, ...writers] } = await teamWithUsers(4);
  const room = await channel(team, writers[0], [reader, ...writers.slice(1)]);
  await post(writers[0], room.id, 'an opening remark');
  const old = await post(writers[0], room.id, 'the quokka migration plan is in the #roadmap doc');
  // Three pages of newer posts, so the old one is far outside what the channel first loads.
  // Three people write them, each within the server's per-session rate limit.
  for (let i = 1; i <= 180; i++) await post(writers[i % 3], room.id, `filler ${i}`);
  await markRead(reader, room.id);

  await logIn(page, reader, `/${team.name}/channels/town-square`);
  const box = page.getByRole('textbox', { name: 'Search messages' });
  await page.keyboard.press('ControlOrMeta+Shift+F');
  await expect(box).toBeFocused();
  await box.fill('quokka');
  await box.press('Enter');
  const results = page.getByRole('complementary', { name: 'Search results' });
  const hit = results.getByTestId('search-result');
  await expect(hit).toHaveCount(1);
  await expect(hit).toContainText('the quokka migration plan is in the #roadmap doc');
  await expect(hit).toContainText(room.display_name);
  await expect(hit).toContainText(writers[0].username);
  await expect(results.getByRole('status')).toHaveText('1 result for “quokka”');

  await hit.getByRole('link', { name: 'Jump' }).click();
  await expect(page).toHaveURL(new RegExp(`/${team.name}/channels/${room.name}$`));
  const target = page.getByTestId('post-list').locator(`[data-post-id="${old.id}"]`);
  await expect(target).toHaveClass(/post-highlighted/);
  await expect(target).toBeInViewport();
  await expect(target).toBeFocused();
  await expect(page.getByRole('heading', { level: 1, name: room.display_name })).toBeVisible();
  if (isPhone(page)) {
    await expect(results).toBeHidden();
  } else {
    await expect(hit).toBeVisible();
  }

  // Many matches come a page at a time, newest first, with more on request.
  await box.fill('filler');
  await box.press('Enter');
  await expect(results.getByRole('status')).toHaveText('The newest 20 results for “filler”');
  await expect(results.getByTestId('search-result')).toHaveCount(20);
  await expect(results.getByTestId('search-result').first()).toContainText('filler 180');
  await results.getByRole('button', { name: 'Show more results' }).click();
  await expect(results.getByTestId('search-result')).toHaveCount(40);
  await expect(results.getByTestId('search-result').last()).toContainText('filler 141');

  // Nothing found says so; Escape closes the results and puts the reader back in the box.
  await box.fill('zebrafish');
  await box.press('Enter');
  await expect(results.getByRole('status')).toHaveText('No results for “zebrafish”');
  await expect(results.getByTestId('search-result')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(results).toBeHidden();
  await expect(box).toBeFocused();

  // A hashtag in a message searches for it.
  await target.getByRole('link', { name: '#roadmap' }).click();
  await expect(box).toHaveValue('#roadmap');
  await expect(page).toHaveURL(new RegExp(`/${team.name}/channels/${room.name}$`));
  await expect(results.getByTestId('search-result')).toHaveCount(1);
  await expect(results.getByTestId('search-result')).toContainText('the quokka migration plan');
  await results.getByRole('button', { name: 'Close search results' }).click();
  await expect(results).toBeHidden();

  // The sidebar shows the channel jumped to as the current one.
  const sidebar = await openSidebar(page);
  await expect(sidebar.getByRole('link', { name: room.display_name, exact: true })).toHaveAttribute('aria-current', 'page');
});
