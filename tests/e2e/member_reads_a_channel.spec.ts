import { expect, test } from './support/test';
import { DEMO_PASSWORD, channel, logIn, markRead, post, teamWithUsers } from './support/api';
import { inChannelHeader, openSidebar } from './support/layout';

test('a member logs in and reads a channel rendered as markdown, newest post in view', async ({ page }) => {
  const { team, users: [author, reader] } = await teamWithUsers(2);
  const room = await channel(team, author, [reader], {
    header: 'Docs at [the guide](https://example.org/guide)',
    purpose: 'Where the release gets planned',
  });
  await post(author, room.id, 'Plain opener');
  await post(author, room.id, [
    'Release **checklist** for `v1.2`:',
    '',
    '- tag the ~~old~~ release',
    '- read [the notes](https://example.org/notes)',
    '',
    '| step | owner |',
    '|---|---|',
    '| build | ci |',
    '',
    '```rust',
    'fn main() {}',
    '```',
  ].join('\n'));
  await post(author, room.id, 'Careful: <script>window.pwned = 1</script> and [click](javascript:alert(1))');
  for (let i = 0; i < 40; i++) await post(author, room.id, `filler ${i}`);
  await post(author, room.id, 'the newest message');
  // Read already, so it opens at the newest post (unread posts open at the first unread one).
  await markRead(reader, room.id);

  await logIn(page, reader, `/${team.name}/channels/${room.name}`);
  await expect(page).toHaveURL(new RegExp(`/${team.name}/channels/${room.name}$`));

  const main = page.getByRole('main');
  await expect(main.getByRole('heading', { level: 1 })).toHaveText(room.display_name);
  await inChannelHeader(page, (header) =>
    expect(header.getByRole('link', { name: 'the guide' })).toHaveAttribute('href', 'https://example.org/guide'));
  await expect(page.getByTestId('channel-purpose')).toHaveText('Where the release gets planned');

  // Opens at the newest post.
  await expect(page.getByTestId('post-message').filter({ hasText: 'the newest message' })).toBeInViewport();

  const checklist = page.getByTestId('post-message').filter({ hasText: 'Release checklist' });
  await checklist.scrollIntoViewIfNeeded();
  await expect(checklist.locator('strong')).toHaveText('checklist');
  await expect(checklist.locator('code').first()).toHaveText('v1.2');
  await expect(checklist.locator('del')).toHaveText('old');
  await expect(checklist.getByRole('link', { name: 'the notes' })).toHaveAttribute('href', 'https://example.org/notes');
  await expect(checklist.getByRole('table')).toContainText('build');
  await expect(checklist.locator('pre code')).toContainText('fn main() {}');

  // Untrusted text stays text: no script ran, no javascript: link exists.
  const hostile = page.getByTestId('post-message').filter({ hasText: 'Careful:' });
  await expect(hostile).toContainText('<script>window.pwned = 1</script>');
  await expect(hostile.locator('script')).toHaveCount(0);
  await expect(hostile.getByRole('link')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();

  // The author's name shows once for the grouped run of consecutive posts.
  const authored = page.getByTestId('post').filter({ hasText: 'Plain opener' });
  await authored.scrollIntoViewIfNeeded();
  await expect(authored.getByTestId('post-author')).toHaveText(author.username);
  await expect(page.getByTestId('post').filter({ hasText: 'filler 3' }).getByTestId('post-author')).toHaveCount(0);

  // The sidebar lists the channel, marked as the current one.
  const sidebar = await openSidebar(page);
  await expect(sidebar.getByRole('link', { name: room.display_name })).toHaveAttribute('aria-current', 'page');
  await expect(sidebar.getByRole('heading', { name: team.display_name })).toBeVisible();
});

test('a channel longer than the screen opens at its newest post, which stays in view as the older posts go in above it', async ({ page }) => {
  const { team, users: [author, reader] } = await teamWithUsers(2);
  const room = await channel(team, author, [reader]);
  // One page of one-line posts, far more than the screen holds: the channel opens with the
  // newest of them and adds the others above the reader once it is painted.
  for (let i = 1; i <= 55; i++) await post(author, room.id, `line ${i}`);
  await markRead(reader, room.id);

  await logIn(page, reader, `/${team.name}/channels/${room.name}`);
  const message = (text: string) => page.getByTestId('post-message').getByText(text, { exact: true });
  await expect(message('line 55')).toBeInViewport();
  await expect(message('line 1')).toHaveCount(1);
  await expect(message('line 55')).toBeInViewport();
  await expect(message('line 1')).not.toBeInViewport();
  // How many posts the channel opens with counts on none being shorter than this.
  const shortest = await page.getByTestId('post').evaluateAll((posts) => Math.min(...posts.map((p) => p.getBoundingClientRect().height)));
  expect(shortest).toBeGreaterThanOrEqual(24);

  // Scrolling to the top reaches the oldest, with nothing missing in between.
  await page.getByTestId('post-list').evaluate((list) => { list.scrollTop = 0; });
  await expect(message('line 1')).toBeInViewport();
  await expect(page.getByTestId('post-message').getByText(/^line \d+$/)).toHaveCount(55);
});

test('a channel opened at its New messages line keeps the line in place as the older posts go in above it', async ({ page }) => {
  const { team, users: [author, reader] } = await teamWithUsers(2);
  const room = await channel(team, author, [reader]);
  for (let i = 1; i <= 30; i++) await post(author, room.id, `read ${i}`);
  await markRead(reader, room.id);
  // More new posts than the screen holds, so the reader starts at the line, not the bottom.
  for (let i = 1; i <= 25; i++) await post(author, room.id, `new ${i}`);

  await logIn(page, reader, `/${team.name}/channels/${room.name}`);
  const message = (text: string) => page.getByTestId('post-message').getByText(text, { exact: true });
  const line = page.getByTestId('new-messages-line');
  await expect(line).toBeInViewport();
  await expect(message('new 1')).toBeInViewport();
  await expect(message('read 1')).toHaveCount(1);
  await expect(line).toBeInViewport();
  await expect(message('new 1')).toBeInViewport();
  await expect(message('new 25')).not.toBeInViewport();
});

test('switching channels, each shows its own title, purpose, menu and draft, and a message goes to the channel on screen', async ({ page }) => {
  const { team, users: [author, reader] } = await teamWithUsers(2);
  const first = await channel(team, author, [reader], { purpose: 'Where the first things go' });
  const second = await channel(team, author, [reader], { purpose: 'Where the second things go' });
  await logIn(page, reader, `/${team.name}/channels/${first.name}`);
  const open = async (room: { display_name: string }) => {
    const sidebar = await openSidebar(page);
    await sidebar.getByRole('link', { name: room.display_name, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(room.display_name);
  };
  const box = (room: { display_name: string }) => page.getByRole('textbox', { name: `Write to ${room.display_name}` });
  const posted = (text: string) => page.getByTestId('post').filter({ hasText: text });

  await box(first).fill('half a thought for the first');
  await open(second);
  await expect(page.getByTestId('channel-purpose')).toHaveText('Where the second things go');
  await expect(box(second)).toHaveValue('');
  await page.getByRole('button', { name: 'Channel menu' }).click();
  await page.getByRole('button', { name: 'View info' }).click();
  const info = page.getByRole('dialog', { name: `About ${second.display_name}` });
  await expect(info).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(info).toBeHidden();
  await box(second).fill('a whole one for the second');
  await box(second).press('Enter');
  await expect(posted('a whole one for the second')).not.toHaveAttribute('data-pending', 'true');

  await open(first);
  await expect(page.getByTestId('channel-purpose')).toHaveText('Where the first things go');
  await expect(posted('a whole one for the second')).toHaveCount(0);
  await expect(box(first)).toHaveValue('half a thought for the first');
  await box(first).press('Enter');
  await expect(posted('half a thought for the first')).not.toHaveAttribute('data-pending', 'true');
  await expect(box(first)).toHaveValue('');

  await open(second);
  await expect(box(second)).toHaveValue('');
  await expect(posted('a whole one for the second')).toHaveCount(1);
  await expect(posted('half a thought for the first')).toHaveCount(0);
});

test('the demo community\'s IRC channel says what would mirror it and pretends no relay', async ({ page }) => {
  await logIn(page, { username: 'bob', password: DEMO_PASSWORD });
  await expect(page).toHaveURL(/\/demo\/channels\/town-square$/);
  await (await openSidebar(page)).getByRole('link', { name: /irc/i }).click();
  await expect(page).toHaveURL(/\/demo\/channels\/irc$/);
  await expect(page.getByTestId('channel-header')).toContainText('cargo xtask serve --irc');
  // Every post is by a demo person, under their own name: no bot speaks for IRC nicks.
  const authors = page.getByTestId('post-author');
  await expect(authors.first()).toBeVisible();
  for (const name of await authors.allTextContents()) {
    expect(['alice', 'bob', 'carol', 'dave', 'erin', 'frank']).toContain(name.trim());
  }
});

test('the member count in the header follows people joining and leaving, also while the reader is elsewhere', async ({ page }) => {
  const { team, users: [reader, host, guest] } = await teamWithUsers(3);
  const room = await channel(team, host, [reader]);
  await logIn(page, reader, `/${team.name}/channels/${room.name}`);
  const count = (n: number) => page.getByRole('main').getByTitle(`${n} members`);
  await expect(count(2)).toBeVisible();

  // Someone joins while the reader looks at the channel.
  const joined = await guest.api.post(`/api/v4/channels/${room.id}/members`, { data: { user_id: guest.userId } });
  expect(joined.status()).toBe(201);
  await expect(count(3)).toBeVisible();

  // They leave while the reader is in another channel; coming back shows it.
  await (await openSidebar(page)).getByRole('link', { name: /^Town Square/ }).click();
  await expect(page.getByRole('main').getByRole('heading', { level: 1 })).toHaveText('Town Square');
  const left = await guest.api.delete(`/api/v4/channels/${room.id}/members/${guest.userId}`);
  expect(left.status()).toBe(200);
  await (await openSidebar(page)).getByRole('link', { name: new RegExp(`^${room.display_name}`) }).click();
  await expect(page.getByRole('main').getByRole('heading', { level: 1 })).toHaveText(room.display_name);
  await expect(count(2)).toBeVisible();
});
