import { expect, test } from './support/test';
import { addToTeam, channel, logIn, post, teamWithUsers, townSquare } from './support/api';

test('Ctrl+K finds channels and people by a few letters, unread first, keyboard only', async ({ page }) => {
  const { team, users: [me, other] } = await teamWithUsers(2);
  const quiet = await channel(team, other, [me]);
  const busy = await channel(team, other, [me]);
  await logIn(page, me, `/${team.name}/channels/town-square`);
  await post(other, busy.id, 'something new');
  await expect(page.getByRole('navigation', { name: 'Channels' }).getByRole('link', { name: busy.display_name }))
    .toHaveClass(/unread/);

  await page.keyboard.press('Control+k');
  const input = page.getByRole('combobox', { name: 'Find a channel or person' });
  await expect(input).toBeFocused();
  await input.pressSequentially('chan');
  const options = page.getByRole('listbox', { name: 'Channels and people' }).getByRole('option');
  await expect(options.first()).toContainText(busy.display_name);
  await expect(options.first()).toHaveAttribute('aria-selected', 'true');
  await input.press('ArrowDown');
  await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(options.nth(1)).toContainText(quiet.display_name);
  await input.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/${team.name}/channels/${quiet.name}$`));
  await expect(input).toBeHidden();

  // People too: choosing one opens the direct message.
  await page.keyboard.press('Control+k');
  await input.pressSequentially(other.username);
  await expect(options.first()).toContainText(other.username);
  await input.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/${team.name}/messages/@${other.username}$`));
});

test('what is typed as the switcher opens, before its field is there, still finds and opens the channel', async ({ page }) => {
  const { team, users: [me, other] } = await teamWithUsers(2);
  const room = await channel(team, other, [me]);
  await logIn(page, me, `/${team.name}/channels/town-square`);

  await page.keyboard.press('Control+k');
  // The dialog shows as soon as its frame is in (a chunk fetched as the page opened); its content
  // is a chunk of its own, which may still be on its way (it is in the desktop-slow-chunks
  // project): the keys must wait for its field, not be lost.
  await expect(page.getByRole('dialog', { name: 'Switch channels' })).toBeVisible();
  await page.keyboard.type(room.name);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/${team.name}/channels/${room.name}$`));
});

test('Ctrl+K and a name typed in the message box before the dialogs have arrived open the channel, and send nothing', async ({ page }) => {
  const { team, users: [me, other] } = await teamWithUsers(2);
  const room = await channel(team, other, [me]);
  // The team dialogs' frames are a chunk of their own: held back here until the keys are typed.
  let release = () => {};
  const released = new Promise<void>((resolve) => { release = resolve; });
  await page.route(/\/split_team_dialogs-[0-9a-f]+\.wasm$/, async (route) => {
    await released;
    await route.fallback();
  });
  await logIn(page, me, `/${team.name}/channels/town-square`);
  const composer = page.getByRole('textbox', { name: 'Write to Town Square' });
  await composer.click();

  await page.keyboard.press('Control+k');
  await page.keyboard.type(room.name);
  // Kept for the switcher's field, not typed into the message box (where Enter would send them).
  await expect(composer).toHaveValue('');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: 'Switch channels' })).toHaveCount(0);
  release();
  await expect(page).toHaveURL(new RegExp(`/${team.name}/channels/${room.name}$`));
  const square = await townSquare(team, me);
  const posts = await (await me.api.get(`/api/v4/channels/${square.id}/posts`)).json();
  const messages = Object.values(posts.posts as Record<string, { message: string }>).map((p) => p.message);
  expect(messages).not.toContain(room.name);
});

test('a member of two teams sees a mention in the other team on its switcher and switches to it', async ({ page }) => {
  const { team, users: [me, friend] } = await teamWithUsers(2);
  const { team: second } = await teamWithUsers(0);
  await addToTeam(second, [me, friend]);
  // Its badge is the server's count of every team at once (GET /users/me/teams/unread), not a
  // fetch of each team's channels: someone in many teams would spend their rate limit on it.
  const otherTeamFetches: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes(`/teams/${second.id}/channels`)) otherTeamFetches.push(request.url());
  });
  await logIn(page, me, `/${team.name}/channels/town-square`);
  const teams = page.getByRole('list', { name: 'Teams' });
  // Joining left a message there: the other team shows as unread.
  await expect(teams.getByRole('link', { name: `${second.display_name}, unread messages` })).toBeVisible();
  expect(otherTeamFetches).toEqual([]);

  // A search belongs to its team: it stays open here, and closes on moving to the other team.
  const searchBox = page.getByRole('textbox', { name: 'Search messages' });
  await searchBox.fill('anything');
  await searchBox.press('Enter');
  const results = page.getByRole('complementary', { name: 'Search results' });
  await expect(results).toBeVisible();

  const square = await townSquare(second, friend);
  await post(friend, square.id, `@${me.username} are you there?`);
  const chip = teams.getByRole('link', { name: `${second.display_name}, 1 mentions` });
  await expect(chip).toBeVisible();
  await chip.click();
  await expect(page).toHaveURL(new RegExp(`/${second.name}/channels/town-square$`));
  await expect(page.getByTestId('post').filter({ hasText: 'are you there?' })).toHaveCount(1);
  await expect(results).toHaveCount(0);
  // The first team is now one of the others (its off-topic has the join messages: unread).
  await expect(teams.getByRole('link', { name: new RegExp(`^${team.display_name}`) }))
    .not.toHaveAttribute('aria-current', 'page');
  await expect(teams.getByRole('link', { name: second.display_name, exact: true })).toHaveAttribute('aria-current', 'page');
});
