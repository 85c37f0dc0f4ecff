import { expect, test } from './support/test';
import { channel, logIn, teamWithUsers, uniqueName } from './support/api';
import { openSidebar } from './support/layout';

test('a member finds a channel by filtering, joins it, creates one and leaves it', async ({ page }) => {
  const { team, users: [owner, member] } = await teamWithUsers(2);
  const room = await channel(team, owner, [], { purpose: 'Where the garden gets planned' });
  await channel(team, owner);
  await logIn(page, member, `/${team.name}/channels/town-square`);
  let sidebar = await openSidebar(page);
  await expect(sidebar.getByRole('link', { name: room.display_name })).toHaveCount(0);

  // Browse: the filter matches the purpose too; joining opens the channel.
  await sidebar.getByRole('button', { name: 'Add channels' }).click();
  await sidebar.getByRole('button', { name: 'Browse channels' }).click();
  const browse = page.getByRole('dialog', { name: 'Browse channels' });
  await browse.getByLabel('Filter channels').fill('garden');
  const rows = browse.getByRole('list', { name: 'Channels' }).getByRole('listitem');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Where the garden gets planned');
  await browse.getByRole('button', { name: `Join ${room.display_name}` }).click();
  await expect(page).toHaveURL(new RegExp(`/${team.name}/channels/${room.name}$`));
  await expect(browse).toBeHidden();
  sidebar = await openSidebar(page);
  await expect(sidebar.getByRole('link', { name: room.display_name })).toBeVisible();
  await expect(page.getByRole('textbox', { name: `Write to ${room.display_name}` })).toBeVisible();

  // Create: the URL follows the name as Mattermost derives it; problems show at the field.
  await sidebar.getByRole('button', { name: 'Team menu' }).click();
  await sidebar.getByRole('button', { name: 'Create new channel' }).click();
  const create = page.getByRole('dialog', { name: 'Create new channel' });
  await create.getByRole('button', { name: 'Create channel' }).click();
  await expect(create.getByLabel('Name')).toHaveAccessibleDescription(/at least 2 characters/);
  const name = `Café Plans ${uniqueName('x')}`;
  await create.getByLabel('Name').fill(name);
  const url = name.toLowerCase().replace('é', 'e').replace(/ /g, '-');
  await expect(create.getByLabel('URL')).toHaveValue(url);
  await create.getByLabel('Private: only people invited').check();
  await create.getByLabel('Purpose (optional)').fill('Only the planners');
  await create.getByRole('button', { name: 'Create channel' }).click();
  await expect(page).toHaveURL(new RegExp(`/${team.name}/channels/${url}$`));
  await expect(page.getByRole('main').getByRole('heading', { level: 1 })).toHaveText(name);
  await expect(page.getByTestId('channel-purpose')).toHaveText('Only the planners');
  sidebar = await openSidebar(page);
  await expect(sidebar.getByRole('link', { name })).toHaveAttribute('aria-current', 'page');

  // A URL already taken is refused at the URL field.
  await sidebar.getByRole('button', { name: 'Add channels' }).click();
  await sidebar.getByRole('button', { name: 'Create new channel' }).click();
  await create.getByLabel('Name').fill('Taken');
  await create.getByLabel('URL').fill(room.name);
  await create.getByRole('button', { name: 'Create channel' }).click();
  await expect(create.getByLabel('URL')).toHaveAccessibleDescription('A channel with that URL already exists.');
  await page.keyboard.press('Escape');
  await expect(create).toBeHidden();

  // Leave: back to town-square, the channel gone from the list.
  await (await openSidebar(page)).getByRole('link', { name: room.display_name }).click();
  await page.getByRole('button', { name: 'Channel menu' }).click();
  await page.getByRole('button', { name: 'Leave channel' }).click();
  await expect(page).toHaveURL(new RegExp(`/${team.name}/channels/town-square$`));
  sidebar = await openSidebar(page);
  await expect(sidebar.getByRole('link', { name: 'Town Square' })).toBeVisible();
  await expect(sidebar.getByRole('link', { name: room.display_name })).toHaveCount(0);

  // Its address now shows a preview with a way to join.
  await page.goto(`/${team.name}/channels/${room.name}`);
  await expect(page.getByTestId('join-bar')).toContainText(`You are previewing ${room.display_name}`);
  await page.getByRole('button', { name: 'Join channel' }).click();
  await expect(page.getByRole('textbox', { name: `Write to ${room.display_name}` })).toBeVisible();
});
