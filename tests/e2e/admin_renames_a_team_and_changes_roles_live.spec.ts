import { expect, test } from './support/test';
import { teamWithUsers } from './support/api';
import { openConsole, personRow, signedIn } from './support/console';
import { seriousProblems } from './support/axe';

test('an admin renames a team and closes it: a member sees the new name without reloading', async ({ browser }) => {
  const { team, users: [member] } = await teamWithUsers(1);
  const memberPage = await signedIn(browser, member);
  await memberPage.goto(`/${team.name}/channels/town-square`);
  const sidebar = memberPage.getByRole('navigation', { name: 'Channels' });
  await expect(sidebar.getByRole('heading', { name: team.display_name, exact: true })).toBeVisible();

  const console = await openConsole(browser);
  const teamForm = (shownName: string) =>
    console.locator('form').filter({ has: console.getByRole('heading', { name: `${shownName} (/${team.name})`, exact: true }) });
  const form = teamForm(team.display_name);
  const open = form.getByRole('checkbox', { name: 'Anyone with the invite link can join' });
  await expect(open).toBeChecked();
  const newName = `Renamed ${team.name}`;
  await form.getByLabel('Name').fill(newName);
  await open.uncheck();
  await form.getByRole('button', { name: 'Save team' }).click();
  await expect(console.getByRole('status').filter({ hasText: `${newName} is saved.` })).toBeVisible();
  await expect(teamForm(newName).getByText('Closed: only admins add people.')).toBeVisible();
  expect(await seriousProblems(console, 'console teams')).toEqual([]);

  // The member's open page follows at once (Mattermost's update_team event).
  await expect(sidebar.getByRole('heading', { name: newName, exact: true })).toBeVisible();
  // Closed: the invite link no longer lets anyone in.
  expect((await member.api.get(`/api/v4/teams/invite/${team.invite_id}`)).status()).toBe(404);
});

test('an admin makes a member a system admin and back: the System Console link comes and goes in their open menu', async ({ browser }) => {
  const { team, users: [member] } = await teamWithUsers(1);
  const memberPage = await signedIn(browser, member);
  await memberPage.goto(`/${team.name}/channels/town-square`);
  await memberPage.getByRole('button', { name: 'Team menu' }).click();
  const consoleLink = memberPage.getByRole('link', { name: 'System Console' });
  await expect(memberPage.getByRole('button', { name: 'Browse channels' })).toBeVisible();
  await expect(consoleLink).toBeHidden();

  const console = await openConsole(browser);
  const row = await personRow(console, member.username);
  await row.getByRole('button', { name: 'Make admin' }).click();
  await expect(row.getByRole('cell', { name: 'System admin', exact: true })).toBeVisible();
  // Their roles reach their open page (user_role_updated): the menu, still open, offers the console.
  await expect(consoleLink).toBeVisible();

  await row.getByRole('button', { name: 'Remove admin' }).click();
  await expect(row.getByRole('cell', { name: 'Member', exact: true })).toBeVisible();
  await expect(consoleLink).toBeHidden();
  await expect(memberPage.getByRole('button', { name: 'Browse channels' })).toBeVisible();
});
