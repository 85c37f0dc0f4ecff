import { expect, test } from './support/test';
import { channel, logIn, post, teamWithUsers } from './support/api';
import { twoPeopleLive } from './support/live';

test('people reply in a thread pane; the reply count and the thread update live', async ({ browser }) => {
  const { room, first: asker, second: helper, a, b } = await twoPeopleLive(browser, (room, first) =>
    post(first, room.id, 'how do I build the client?'),
  );

  const rootOnB = b.getByTestId('post-list').getByTestId('post').filter({ hasText: 'how do I build the client?' });
  await rootOnB.hover();
  await rootOnB.getByRole('button', { name: 'Reply' }).click();
  const threadOnB = b.getByRole('complementary', { name: 'Thread' });
  await expect(threadOnB.getByTestId('post').first()).toContainText('how do I build the client?');
  const replyBox = threadOnB.getByRole('textbox', { name: 'Reply to the thread' });
  await replyBox.fill('run `cargo xtask serve`');
  await replyBox.press('Enter');
  await expect(threadOnB.getByTestId('post').filter({ hasText: 'run cargo xtask serve' })).toHaveCount(1);

  // The channel shows the root with its reply count, not the reply itself.
  const rootOnA = a.getByTestId('post-list').getByTestId('post').filter({ hasText: 'how do I build the client?' });
  await expect(rootOnA.getByRole('button', { name: '1 reply' })).toBeVisible();
  await expect(a.getByTestId('post-list').getByTestId('post').filter({ hasText: 'run cargo xtask serve' })).toHaveCount(0);

  // The asker opens the thread from the count and answers; the helper's pane updates live.
  await rootOnA.getByRole('button', { name: '1 reply' }).click();
  const threadOnA = a.getByRole('complementary', { name: 'Thread' });
  await expect(threadOnA.getByTestId('post').filter({ hasText: 'run cargo xtask serve' })).toHaveCount(1);
  await threadOnA.getByRole('textbox', { name: 'Reply to the thread' }).fill('thanks, it works');
  await threadOnA.getByRole('textbox', { name: 'Reply to the thread' }).press('Enter');
  await expect(threadOnB.getByTestId('post').filter({ hasText: 'thanks, it works' })).toHaveCount(1);
  await expect(rootOnB.getByRole('button', { name: '2 replies' })).toBeVisible();

  await threadOnA.getByRole('button', { name: 'Close thread' }).click();
  await expect(threadOnA).toHaveCount(0);
});

test('on a phone the thread fills the screen', async ({ browser }) => {
  const { team, users: [asker] } = await teamWithUsers(1);
  const room = await channel(team, asker);
  await post(asker, room.id, 'a root on a small screen');
  const context = await browser.newContext({ viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await logIn(page, asker, `/${team.name}/channels/${room.name}`);
  // A tap on the post opens its actions in a sheet (member_reads_on_a_phone.spec.ts).
  await page.getByTestId('post-message').filter({ hasText: 'a root on a small screen' }).tap();
  await page.getByRole('dialog', { name: 'Message actions' }).getByRole('button', { name: 'Reply' }).tap();
  const thread = page.getByRole('complementary', { name: 'Thread' });
  await expect(thread.getByTestId('post').filter({ hasText: 'a root on a small screen' })).toBeVisible();
  const box = await thread.boundingBox();
  expect(box?.width).toBe(360);
  expect(box?.height).toBeGreaterThan(600);
});
