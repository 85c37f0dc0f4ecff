import { expect, test } from './support/test';
import { twoPeopleLive } from './support/live';

test('each side sees the other typing, in the channel and in a thread, until the message is sent', async ({ browser }) => {
  const { room, first: ann, second: bob, a, b } = await twoPeopleLive(browser);
  const boxOf = (page: typeof a) => page.getByRole('textbox', { name: `Write to ${room.display_name}` });

  await boxOf(a).pressSequentially('hello the');
  await expect(b.getByTestId('typing').first()).toHaveText(`${ann.username} is typing…`);
  await boxOf(a).press('Enter');
  await expect(b.getByTestId('post').filter({ hasText: 'hello the' })).toHaveCount(1);
  await expect(b.getByTestId('typing').first()).toHaveText('');

  // The other way, and only where it happens: a thread's typing shows in that thread.
  await boxOf(b).pressSequentially('and back');
  await expect(a.getByTestId('typing').first()).toHaveText(`${bob.username} is typing…`);

  const root = b.getByTestId('post').filter({ hasText: 'hello the' });
  await root.hover();
  await root.getByRole('button', { name: 'Reply' }).click();
  const rootOnA = a.getByTestId('post').filter({ hasText: 'hello the' });
  await rootOnA.hover();
  await rootOnA.getByRole('button', { name: 'Reply' }).click();
  await b.getByRole('complementary', { name: 'Thread' }).getByRole('textbox', { name: 'Reply to the thread' }).pressSequentially('in the thread');
  await expect(a.getByRole('complementary', { name: 'Thread' }).getByTestId('typing')).toHaveText(`${bob.username} is typing…`);
});
