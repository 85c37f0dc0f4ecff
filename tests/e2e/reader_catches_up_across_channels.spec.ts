import { Page } from '@playwright/test';
import { expect, test } from './support/test';
import { Session, channel, logIn, markAllRead, post, reply, teamWithUsers } from './support/api';
import { seriousProblems } from './support/axe';
import { isPhone, openSidebar } from './support/layout';

/** The sidebar row of a channel (or of "Catch up"): its link and its count. The sidebar is in
 * the page on a phone too (in its closed drawer), so counts can be read without opening it. A
 * direct message's link is named by the person, then their status. */
function entry(page: Page, name: string) {
  return page
    .getByRole('navigation', { name: 'Channels', includeHidden: true })
    .getByRole('listitem', { includeHidden: true })
    .filter({ has: page.getByRole('link', { name: new RegExp(`^${name}( ?, \\w+)?$`), includeHidden: true }) });
}

function counts(page: Page, name: string) {
  return entry(page, name).locator('.badge, .unread-count');
}

/** The direct message channel of `from` and `to`, made as opening it in Mattermost would. */
async function directChannel(from: Session, to: Session): Promise<{ id: string }> {
  const response = await from.api.post('/api/v4/channels/direct', { data: [from.userId, to.userId] });
  expect(response.ok(), `direct channel: ${response.status()}`).toBeTruthy();
  return response.json();
}

test('A comes back to posts in four channels and a direct message: one scroll shows them all, and reading them clears the badges on another device', async ({ browser }) => {
  // Two sign-ins, 40 posts and an axe run over a page of them: more than the default time.
  test.slow();
  const { team, users: [a, b] } = await teamWithUsers(2);
  const rooms = [];
  for (let i = 0; i < 4; i++) rooms.push(await channel(team, b, [a]));
  await post(b, rooms[0].id, 'earlier talk 1');
  await post(b, rooms[0].id, 'earlier talk 2');
  await markAllRead(a, team);
  // While A is away: eight posts in each channel (one of them mentions A) and eight in a DM,
  // more than a screen holds.
  const dm = await directChannel(b, a);
  for (let k = 1; k <= 8; k++) {
    for (let i = 0; i < 4; i++) {
      await post(b, rooms[i].id, i === 2 && k === 3 ? `@${a.username} room 3 needs you` : `room ${i + 1} news ${k}`);
    }
    await post(b, dm.id, `dm news ${k}`);
  }

  // A reads in one browser; another device (a browser context of its own) shows the badges.
  const elsewhere = await browser.newContext();
  const device = await elsewhere.newPage();
  await logIn(device, a, `/${team.name}/channels/town-square`);
  const context = await browser.newContext();
  const page = await context.newPage();
  await logIn(page, a, `/${team.name}/channels/town-square`);
  for (const room of rooms) await expect(counts(device, room.display_name)).toHaveCount(1);
  await expect(counts(device, b.username)).toHaveCount(1);

  // "Catch up" comes first in the sidebar, with the team's total.
  const sidebar = await openSidebar(page);
  const links = await sidebar.getByRole('link').allTextContents();
  expect(links.indexOf('Catch up'), 'before the channels').toBeLessThan(links.indexOf('Town Square'));
  expect(links.indexOf('Catch up')).toBeGreaterThanOrEqual(0);
  await expect(counts(page, 'Catch up')).toHaveCount(1);
  await sidebar.getByRole('link', { name: 'Catch up', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/${team.name}/catch-up$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Catch up');

  // One section per channel with news, each a landmark named by its channel, in one scroll.
  const main = page.getByRole('main');
  const section = (name: string) => main.getByRole('region', { name, exact: true });
  const names = [...rooms.map((room) => room.display_name), b.username];
  await expect(main.getByTestId('catch-up-section')).toHaveCount(5);
  for (const [i, room] of rooms.entries()) {
    await expect(section(room.display_name).getByTestId('post-message').getByText(`room ${i + 1} news 8`, { exact: true })).toHaveCount(1);
  }
  await expect(section(b.username).getByTestId('post-message').getByText('dm news 1', { exact: true })).toHaveCount(1);
  const order = await main.getByTestId('catch-up-section').getByRole('heading', { level: 2 }).allTextContents();
  expect([...order].sort()).toEqual([...names].sort());
  for (const plain of [0, 1, 3]) {
    expect(order.indexOf(rooms[2].display_name), 'the channel with a mention comes first').toBeLessThan(order.indexOf(rooms[plain].display_name));
  }

  // Oldest news first, with what came just before as context above the New messages line.
  const first = section(rooms[0].display_name);
  const line = first.getByTestId('new-messages-line');
  await expect(line).toHaveCount(1);
  await expect(first.locator('[data-testid="new-messages-line"] ~ [data-testid="post"]').first().getByTestId('post-message')).toHaveText('room 1 news 1');
  await expect(first.locator('[data-testid="post"]:has(~ [data-testid="new-messages-line"])').last().getByTestId('post-message')).toHaveText('earlier talk 2');
  expect(await seriousProblems(page, 'catch up')).toEqual([]);

  // Reading each section down to its end reads its channel, here and on the other device.
  for (const name of order) {
    await section(name).getByTestId('post').last().scrollIntoViewIfNeeded();
    await expect(counts(device, name)).toHaveCount(0);
    await expect(counts(page, name)).toHaveCount(0);
    await expect(section(name).getByRole('button', { name: 'Mark read' })).toBeDisabled();
  }
  await expect(counts(page, 'Catch up')).toHaveCount(0);
  await expect(main.getByRole('status').first()).toHaveText('All read.');

  // A post arriving in a section out of view stays unread until "Mark all read".
  const top = order[0] === b.username ? dm.id : rooms.find((room) => room.display_name === order[0])!.id;
  await post(b, top, 'one more thing');
  await expect(section(order[0]).getByTestId('post-message').getByText('one more thing', { exact: true })).toHaveCount(1);
  await expect(counts(device, order[0])).toHaveCount(1);
  await expect(section(order[0]).getByRole('button', { name: 'Mark read' })).toBeEnabled();
  await main.getByRole('button', { name: 'Mark all read' }).click();
  await expect(counts(device, order[0])).toHaveCount(0);
  await expect(counts(page, 'Catch up')).toHaveCount(0);

  // The sections stay until the view is left; coming back finds nothing unread.
  await expect(main.getByTestId('catch-up-section')).toHaveCount(5);
  await (await openSidebar(page)).getByRole('link', { name: 'Town Square', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Town Square');
  if (isPhone(page)) {
    await (await openSidebar(page)).getByRole('link', { name: 'Catch up', exact: true }).click();
  } else {
    await page.keyboard.press('ControlOrMeta+Shift+U');
  }
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Catch up');
  await expect(main.getByRole('status').first()).toHaveText('Nothing unread: you are all caught up.');
  await expect(main.getByTestId('catch-up-section')).toHaveCount(0);
  await context.close();
  await elsewhere.close();
});

test('A comes back to replies in a thread A started: the catch-up shows the thread with its new replies, and Mark read clears it for good', async ({ page }) => {
  const { team, users: [a, b] } = await teamWithUsers(2);
  const room = await channel(team, a, [b]);
  const root = await post(a, room.id, 'Who takes the release on Friday?');
  await reply(b, room.id, root.id, 'Not me, I am away.');
  await reply(a, room.id, root.id, 'Then someone else, please.');
  // A thread B started and A answered in.
  const lunch = await post(b, room.id, 'Lunch on Thursday?');
  await reply(a, room.id, lunch.id, 'Yes, noon.');
  await markAllRead(a, team);
  // While A is away, B answers in both.
  await reply(b, room.id, root.id, 'I can take it after all.');
  await reply(b, room.id, root.id, `@${a.username} you wrote the notes last time`);
  await reply(b, room.id, lunch.id, 'Noon it is.');

  await logIn(page, a, `/${team.name}/catch-up`);
  const main = page.getByRole('main');
  const thread = main.getByRole('region', { name: `Thread in ${room.display_name}: Who takes the release on Friday?`, exact: true });
  const lunchThread = main.getByRole('region', { name: `Thread in ${room.display_name}: Lunch on Thursday?`, exact: true });
  await expect(thread).toHaveCount(1);
  await expect(lunchThread.getByTestId('post-message')).toHaveText(['Lunch on Thursday?', 'Noon it is.']);
  await expect(main.getByRole('status').first()).toContainText('2 threads with new replies');
  // The root, then only the replies A has not read, below the New messages line.
  const messages = thread.getByTestId('post-message');
  await expect(messages).toHaveText([
    'Who takes the release on Friday?',
    'I can take it after all.',
    `@${a.username} you wrote the notes last time`,
  ]);
  await expect(thread.locator('[data-testid="new-messages-line"] + [data-testid="post"]').getByTestId('post-message')).toHaveText('I can take it after all.');
  await expect(thread.locator('.badge, .unread-count')).toHaveCount(1);
  expect(await seriousProblems(page, 'catch up with a thread')).toEqual([]);

  // "Open thread" shows the whole thread beside (on a phone, over) the view.
  await thread.getByRole('button', { name: 'Open thread' }).click();
  const pane = page.getByRole('complementary', { name: 'Thread' });
  await expect(pane.getByTestId('post-message').getByText('Not me, I am away.', { exact: true })).toBeVisible();
  await pane.getByRole('button', { name: 'Close thread' }).click();
  await expect(pane).toHaveCount(0);

  // "Mark read" reads it here at once and on the server: coming back finds no thread section.
  await thread.getByRole('button', { name: 'Mark read' }).click();
  await expect(thread.getByRole('button', { name: 'Mark read' })).toBeDisabled();
  await expect(thread.locator('.badge, .unread-count')).toHaveCount(0);
  await expect(thread.getByTestId('post-message')).toHaveCount(3);
  await expect(main.getByRole('status').first()).toContainText('1 thread with new replies');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Catch up');
  await expect(lunchThread).toHaveCount(1);
  await expect(main.getByTestId('catch-up-thread')).toHaveCount(1);

  // A new reply makes it a thread with news again.
  await reply(b, room.id, root.id, 'Settled then.');
  await page.reload();
  await expect(thread.getByTestId('post-message')).toHaveText(['Who takes the release on Friday?', 'Settled then.']);
});
