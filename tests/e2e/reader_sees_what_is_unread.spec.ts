import { Page } from '@playwright/test';
import { expect, test } from './support/test';
import { anotherTeam, channel, logIn, markAllRead, post, teamWithUsers } from './support/api';

function sidebar(page: Page) {
  return page.getByRole('navigation', { name: 'Channels' });
}

/** The sidebar row of a channel (or team): its link and its count. */
function entry(page: Page, name: string) {
  return sidebar(page).getByRole('listitem').filter({ has: page.getByRole('link', { name, exact: true }) });
}

/** The post whose message is exactly `text`. */
function postWith(page: Page, text: string) {
  return page.getByTestId('post').filter({ has: page.getByTestId('post-message').getByText(text, { exact: true }) });
}

/** The first post below the "New messages" line. */
function firstBelowLine(page: Page) {
  return page.locator('[data-testid="new-messages-line"] ~ [data-testid="post"]').first();
}

async function expectRead(page: Page, name: string) {
  await expect(entry(page, name).getByRole('link')).not.toHaveClass(/unread/);
  await expect(entry(page, name).locator('.badge, .unread-count')).toHaveCount(0);
}

test('B posts where A is not reading: both of A’s tabs show it bold with a count, then a mention badge, until A opens it', async ({ browser }) => {
  const { team, users: [a, b] } = await teamWithUsers(2);
  const room = await channel(team, b, [a]);
  await markAllRead(a, team);
  const context = await browser.newContext();
  const reading = await context.newPage();
  await logIn(reading, a, `/${team.name}/channels/town-square`);
  const second = await context.newPage();
  await second.goto(`/${team.name}/channels/town-square`);
  const tabs = [reading, second];
  for (const tab of tabs) {
    await expectRead(tab, room.display_name);
    await expect(tab).toHaveTitle('brisk');
  }

  await post(b, room.id, 'first news');
  await post(b, room.id, 'second news');
  for (const tab of tabs) {
    await expect(entry(tab, room.display_name).getByRole('link')).toHaveClass(/unread/);
    await expect(entry(tab, room.display_name).getByLabel('2 unread messages')).toHaveText('2');
    await expect(tab).toHaveTitle('* brisk');
  }

  await post(b, room.id, `@${a.username} can you look at this?`);
  for (const tab of tabs) {
    await expect(entry(tab, room.display_name).getByLabel('1 mention')).toHaveText('1');
    await expect(tab).toHaveTitle('(1) brisk');
    await expect(tab.locator('link[rel~="icon"]')).toHaveAttribute('href', '/icon-mentions.svg');
  }

  await entry(reading, room.display_name).getByRole('link').click();
  await expect(reading.getByRole('heading', { level: 1 })).toHaveText(room.display_name);
  // The line sits right above the first post A had not read.
  await expect(reading.getByTestId('new-messages-line')).toBeVisible();
  await expect(firstBelowLine(reading).getByTestId('post-message')).toHaveText('first news');
  for (const tab of tabs) {
    await expectRead(tab, room.display_name);
    await expect(tab).toHaveTitle('brisk');
    await expect(tab.locator('link[rel~="icon"]')).toHaveAttribute('href', '/icon.svg');
  }
  await context.close();
});

test('A marks a post unread: the channel stays unread in both tabs while open, until A opens it again', async ({ browser }) => {
  const { team, users: [a, b] } = await teamWithUsers(2);
  const room = await channel(team, b, [a]);
  for (const message of ['one', 'two', 'three']) await post(b, room.id, message);
  const context = await browser.newContext();
  const reading = await context.newPage();
  await logIn(reading, a, `/${team.name}/channels/${room.name}`);
  const second = await context.newPage();
  await second.goto(`/${team.name}/channels/town-square`);
  await expectRead(reading, room.display_name);
  await expectRead(second, room.display_name);

  const two = postWith(reading, 'two');
  await two.hover();
  await two.getByRole('button', { name: 'Mark as unread' }).click();
  for (const tab of [reading, second]) {
    await expect(entry(tab, room.display_name).getByLabel('2 unread messages')).toHaveText('2');
  }
  await expect(firstBelowLine(reading).getByTestId('post-message')).toHaveText('two');

  // Open and focused, yet a new post does not read it: the reader chose to keep it unread.
  await post(b, room.id, 'four');
  await expect(postWith(reading, 'four')).toHaveCount(1);
  await expect(entry(reading, room.display_name).getByLabel('3 unread messages')).toHaveText('3');

  await entry(reading, 'Town Square').getByRole('link').click();
  await expect(entry(reading, room.display_name).getByLabel('3 unread messages')).toHaveText('3');
  await entry(reading, room.display_name).getByRole('link').click();
  for (const tab of [reading, second]) await expectRead(tab, room.display_name);
  await context.close();
});

test('a post arriving while A’s window is in the background stays unread until A comes back', async ({ browser }) => {
  const { team, users: [a, b] } = await teamWithUsers(2);
  const room = await channel(team, b, [a]);
  await post(b, room.id, 'seen before');
  await markAllRead(a, team);
  const context = await browser.newContext();
  const page = await context.newPage();
  const opened = Date.now();
  await logIn(page, a, `/${team.name}/channels/${room.name}`);
  await expectRead(page, room.display_name);
  // The page tells the server it viewed the channel once it has drawn it; on a busy machine the
  // server may take that in after B's post, which it would then count as read (a view reads up to
  // the channel's last post). Wait for the view to land (it dates the membership's update) first.
  await expect
    .poll(async () => (await (await a.api.get(`/api/v4/channels/${room.id}/members/me`)).json()).last_update_at)
    .toBeGreaterThanOrEqual(opened);

  await page.evaluate(() => window.dispatchEvent(new Event('blur')));
  await post(b, room.id, 'while away');
  await expect(postWith(page, 'while away')).toHaveCount(1);
  await expect(entry(page, room.display_name).getByLabel('1 unread message')).toHaveText('1');
  await expect(page).toHaveTitle('* brisk');

  await page.evaluate(() => window.dispatchEvent(new Event('focus')));
  await expectRead(page, room.display_name);
  await expect(firstBelowLine(page).getByTestId('post-message')).toHaveText('while away');
  await context.close();
});

test('a mention in another team shows on that team in the team switcher and in the tab title', async ({ browser }) => {
  const { team, users: [a, b] } = await teamWithUsers(2);
  const elsewhere = await anotherTeam([a, b]);
  const room = await channel(elsewhere, b, [a]);
  for (const each of [team, elsewhere]) await markAllRead(a, each);
  const context = await browser.newContext();
  const page = await context.newPage();
  await logIn(page, a, `/${team.name}/channels/town-square`);
  const teams = page.getByRole('list', { name: 'Teams' });
  const other = teams.getByRole('link', { name: new RegExp(`^${elsewhere.display_name}`) });
  await expect(other).not.toHaveClass(/unread/);
  await expect(page).toHaveTitle('brisk');

  await post(b, room.id, `@${a.username} over here`);
  await expect(other).toHaveClass(/unread/);
  await expect(other).toHaveAccessibleName(`${elsewhere.display_name}, 1 mentions`);
  await expect(page).toHaveTitle('(1) brisk');

  await other.click();
  await entry(page, room.display_name).getByRole('link').click();
  await expectRead(page, room.display_name);
  await expect(page).toHaveTitle('brisk');
  await context.close();
});
