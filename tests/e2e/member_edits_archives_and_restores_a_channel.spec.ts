import { expect, test } from './support/test';
import { DEMO_PASSWORD, channel, logIn, teamWithUsers } from './support/api';
import { inChannelHeader, openSidebar } from './support/layout';

test('a member edits header and purpose, archives the channel; others see it live; an admin restores it', async ({ browser }) => {
  const { team, users: [owner, other] } = await teamWithUsers(2);
  const room = await channel(team, owner, [other]);
  const path = `/${team.name}/channels/${room.name}`;
  const ownerContext = await browser.newContext();
  const otherContext = await browser.newContext();
  const a = await ownerContext.newPage();
  const b = await otherContext.newPage();
  await logIn(a, owner, path);
  await logIn(b, other, path);

  await a.getByRole('button', { name: 'Channel menu' }).click();
  await a.getByRole('button', { name: 'Edit header' }).click();
  const header = a.getByRole('dialog', { name: `Edit the header of ${room.display_name}` });
  await header.getByLabel('Header').fill('Agenda in [the doc](https://example.org/agenda)');
  await header.getByRole('button', { name: 'Save' }).click();
  await expect(header).toBeHidden();
  for (const page of [a, b]) {
    await inChannelHeader(page, (header) =>
      expect(header.getByRole('link', { name: 'the doc' })).toHaveAttribute('href', 'https://example.org/agenda'));
  }

  await a.getByRole('button', { name: 'Channel menu' }).click();
  await a.getByRole('button', { name: 'Edit purpose' }).click();
  await a.getByRole('dialog', { name: `Edit the purpose of ${room.display_name}` }).getByLabel('Purpose').fill('Weekly planning');
  await a.getByRole('button', { name: 'Save' }).click();
  await expect(b.getByTestId('channel-purpose')).toHaveText('Weekly planning');

  // Channel info lists the members, each a way to a direct message.
  await b.getByRole('button', { name: 'Channel menu' }).click();
  await b.getByRole('button', { name: 'View info' }).click();
  const info = b.getByRole('dialog', { name: `About ${room.display_name}` });
  await expect(info.getByRole('list', { name: 'Members' })).toContainText(`@${owner.username}`);
  await expect(info.getByRole('link', { name: `Message ${owner.username}` }))
    .toHaveAttribute('href', `/${team.name}/messages/@${owner.username}`);
  await b.keyboard.press('Escape');

  // Archive, after a confirmation: read-only with a banner, for everyone.
  await a.getByRole('button', { name: 'Channel menu' }).click();
  await a.getByRole('button', { name: 'Archive channel' }).click();
  const confirm = a.getByRole('dialog', { name: `Archive ${room.display_name}` });
  await confirm.getByRole('button', { name: 'Archive channel' }).click();
  for (const page of [a, b]) {
    await expect(page.getByTestId('archived-banner')).toContainText('archived channel');
    await expect(page.getByRole('textbox', { name: `Write to ${room.display_name}` })).toHaveCount(0);
  }
  const bSidebar = await openSidebar(b);
  await expect(bSidebar.getByRole('link', { name: 'Town Square' })).toBeVisible();
  await expect(bSidebar.getByRole('link', { name: room.display_name })).toHaveCount(0);
  // Only admins (the creator is the channel's admin) may bring it back.
  await expect(b.getByRole('button', { name: 'Unarchive channel' })).toHaveCount(0);
  await expect(a.getByRole('button', { name: 'Unarchive channel' })).toBeVisible();

  // It is listed among the archived channels.
  await bSidebar.getByRole('button', { name: 'Team menu' }).click();
  await bSidebar.getByRole('button', { name: 'Browse channels' }).click();
  const browse = b.getByRole('dialog', { name: 'Browse channels' });
  await browse.getByLabel('Show').selectOption('archived');
  await expect(browse.getByRole('listitem').filter({ hasText: room.display_name })).toContainText('Archived');
  await b.keyboard.press('Escape');

  // A team admin restores it.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await logIn(admin, { username: 'alice', password: DEMO_PASSWORD }, path);
  await admin.getByRole('button', { name: 'Unarchive channel' }).click();
  await expect(admin.getByTestId('archived-banner')).toHaveCount(0);
  await expect(a.getByRole('textbox', { name: `Write to ${room.display_name}` })).toBeVisible();

  for (const context of [ownerContext, otherContext, adminContext]) await context.close();
});
