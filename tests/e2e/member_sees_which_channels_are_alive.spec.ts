import { Locator, Page } from '@playwright/test';

import { expect, test } from './support/test';
import { Channel, DEMO_PASSWORD, channel, logIn, post, teamWithUsers } from './support/api';
import { openSidebar } from './support/layout';

async function browseChannels(page: Page): Promise<Locator> {
  const sidebar = await openSidebar(page);
  await sidebar.getByRole('button', { name: 'Add channels' }).click();
  await sidebar.getByRole('button', { name: 'Browse channels' }).click();
  return page.getByRole('dialog', { name: 'Browse channels' });
}

test('a member sees how many are in each channel and when it was last used; an admin archives an unused one', async ({ browser }) => {
  const { team, users: [owner, member, other] } = await teamWithUsers(3);
  const lively = await channel(team, owner, [other]);
  await post(owner, lively.id, 'Morning, all');
  const quiet = await channel(team, owner);
  const path = `/${team.name}/channels/town-square`;

  const memberContext = await browser.newContext();
  const page = await memberContext.newPage();
  await logIn(page, member, path);
  const browse = await browseChannels(page);
  const rows = browse.getByRole('list', { name: 'Channels' }).getByRole('listitem');
  const row = (c: Channel) => rows.filter({ hasText: c.display_name });
  await expect(row(lively)).toContainText('2 members · active just now');
  await expect(row(quiet)).toContainText('1 member · no posts yet');

  // Recent activity first; the channel nobody posted in goes to the end.
  await expect(rows.last()).not.toContainText(quiet.display_name);
  await browse.getByLabel('Sort by').selectOption('activity');
  await expect(rows.first()).toContainText(lively.display_name);
  await expect(rows.last()).toContainText(quiet.display_name);

  // Archiving from here is for admins.
  await expect(browse.getByLabel('Unused channels')).toHaveCount(0);
  await expect(browse.getByRole('button', { name: `Archive ${quiet.display_name}` })).toHaveCount(0);

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await logIn(admin, { username: 'alice', password: DEMO_PASSWORD }, path);
  const adminBrowse = await browseChannels(admin);
  const adminRows = adminBrowse.getByRole('list', { name: 'Channels' }).getByRole('listitem');
  await expect(adminRows.filter({ hasText: lively.display_name })).toHaveCount(1);
  await adminBrowse.getByLabel('Unused channels').selectOption('30');
  await expect(adminRows).toHaveCount(1);
  await expect(adminRows.first()).toContainText(quiet.display_name);

  await adminBrowse.getByRole('button', { name: `Archive ${quiet.display_name}` }).click();
  const confirm = admin.getByRole('dialog', { name: `Archive ${quiet.display_name}` });
  await confirm.getByRole('button', { name: 'Archive channel' }).click();
  await expect(confirm).toBeHidden();
  await expect(adminRows).toHaveCount(0);
  await expect(adminBrowse.getByText('No channels match.')).toBeVisible();

  // It has left the public list for the archived one.
  await adminBrowse.getByLabel('Show').selectOption('archived');
  await expect(adminRows.filter({ hasText: quiet.display_name })).toContainText('Archived');
  await page.keyboard.press('Escape');
  const again = await browseChannels(page);
  await expect(again.getByRole('listitem').filter({ hasText: lively.display_name })).toBeVisible();
  await expect(again.getByRole('listitem').filter({ hasText: quiet.display_name })).toHaveCount(0);

  for (const context of [memberContext, adminContext]) await context.close();
});
