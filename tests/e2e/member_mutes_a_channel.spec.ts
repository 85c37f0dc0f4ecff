import { Page } from '@playwright/test';
import { expect, test } from './support/test';
import { Session, channel, logIn, teamWithUsers } from './support/api';
import { untilLive } from './support/live';

/** The sidebar row of a channel: its link and its count. */
function entry(page: Page, name: string) {
  return page
    .getByRole('navigation', { name: 'Channels' })
    .getByRole('listitem')
    .filter({ has: page.getByRole('link', { name: new RegExp(`^${name}\\s*(, muted)?$`) }) });
}

async function myNotifyProps(person: Session, channelId: string) {
  const member = await person.api.get(`/api/v4/channels/${channelId}/members/me`);
  return (await member.json()).notify_props;
}

test('A mutes a channel: B’s messages there leave it quiet, a mention still badges it, and it stays muted', async ({ browser }) => {
  const { team, users: [a, b] } = await teamWithUsers(2);
  const room = await channel(team, b, [a]);
  const other = await channel(team, b, [a]);
  const aPage = await (await browser.newContext()).newPage();
  const bPage = await (await browser.newContext()).newPage();
  await logIn(aPage, a, `/${team.name}/channels/${room.name}`);
  await logIn(bPage, b, `/${team.name}/channels/${room.name}`);
  await untilLive([aPage, bPage], b, room.id);

  await aPage.getByRole('button', { name: 'Channel menu' }).click();
  await aPage.getByRole('button', { name: 'Mute channel' }).click();
  await expect.poll(async () => (await myNotifyProps(a, room.id)).mark_unread).toBe('mention');
  await aPage.getByRole('button', { name: 'Channel menu' }).click();
  await expect(aPage.getByRole('button', { name: 'Unmute channel' })).toBeVisible();
  await aPage.getByRole('button', { name: 'Notification preferences' }).click();
  const preferences = aPage.getByRole('dialog', { name: `Notifications for ${room.display_name}` });
  await expect(preferences.getByRole('radio', { name: 'Mentions' })).toBeChecked();
  await preferences.getByRole('radio', { name: 'Nothing' }).check();
  await expect.poll(async () => (await myNotifyProps(a, room.id)).desktop).toBe('none');
  await aPage.keyboard.press('Escape');
  await expect(preferences).toBeHidden();
  await expect(aPage.getByRole('button', { name: 'Channel menu' })).toBeFocused();

  await entry(aPage, 'Town Square').getByRole('link').click();
  await expect(aPage.getByRole('heading', { level: 1 })).toHaveText('Town Square');
  const muted = entry(aPage, room.display_name);
  await expect(muted.getByRole('link')).toHaveClass(/muted/);
  await expect(muted.getByRole('link')).toHaveAccessibleName(new RegExp(`^${room.display_name}\\s*, muted$`));

  const roomBox = bPage.getByRole('textbox', { name: `Write to ${room.display_name}` });
  await roomBox.fill('news nobody has to read now');
  await roomBox.press('Enter');
  // Events arrive in order: once the unmuted channel shows B's next message, A has the first.
  await entry(bPage, other.display_name).getByRole('link').click();
  const otherBox = bPage.getByRole('textbox', { name: `Write to ${other.display_name}` });
  await otherBox.fill('news in a channel A did not mute');
  await otherBox.press('Enter');
  await expect(entry(aPage, other.display_name).getByRole('link')).toHaveClass(/unread/);
  await expect(muted.getByRole('link')).not.toHaveClass(/unread/);
  await expect(muted.locator('.badge, .unread-count')).toHaveCount(0);
  await expect(aPage).toHaveTitle('* brisk');

  await entry(bPage, room.display_name).getByRole('link').click();
  await roomBox.fill(`@${a.username} this one is for you`);
  await roomBox.press('Enter');
  await expect(muted.getByLabel('1 mention')).toHaveText('1');
  await expect(muted.getByRole('link')).toHaveClass(/unread/);
  await expect(aPage).toHaveTitle('(1) brisk');

  await aPage.reload();
  await expect(entry(aPage, room.display_name).getByRole('link')).toHaveClass(/muted/);
  await expect(entry(aPage, room.display_name).getByLabel('1 mention')).toHaveText('1');
});
