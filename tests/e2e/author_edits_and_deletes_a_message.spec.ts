import { expect, test } from './support/test';
import { twoPeopleLive } from './support/live';

test('the author edits with the Up arrow and deletes after confirming; the reader sees both live', async ({ browser }) => {
  const { room, first: author, second: reader, a, b } = await twoPeopleLive(browser);

  const composer = a.getByRole('textbox', { name: `Write to ${room.display_name}` });
  await composer.fill('the frist draft');
  await composer.press('Enter');
  await expect(b.getByTestId('post').filter({ hasText: 'the frist draft' })).toHaveCount(1);
  await expect(a.getByTestId('post').filter({ hasText: 'the frist draft' })).not.toHaveAttribute('data-pending', 'true');

  // Up in the empty box edits my last message; Escape leaves it as it was.
  await composer.press('ArrowUp');
  const editor = a.getByRole('textbox', { name: 'Edit message' });
  await expect(editor).toBeFocused();
  await expect(editor).toHaveValue('the frist draft');
  await editor.press('Escape');
  await expect(editor).toHaveCount(0);

  await composer.press('ArrowUp');
  await editor.fill('the first draft, fixed');
  await editor.press('Enter');
  const mine = a.getByTestId('post').filter({ hasText: 'the first draft, fixed' });
  await expect(mine).toContainText('(edited)');
  const theirs = b.getByTestId('post').filter({ hasText: 'the first draft, fixed' });
  await expect(theirs).toContainText('(edited)');
  await expect(b.getByTestId('post').filter({ hasText: 'frist' })).toHaveCount(0);

  // The reader has no Edit or Delete on someone else's message.
  await theirs.hover();
  await expect(theirs.getByRole('button', { name: 'Edit' })).toHaveCount(0);

  // Delete asks first; Cancel keeps the message.
  await mine.hover();
  await mine.getByRole('button', { name: 'Delete' }).click();
  const dialog = a.getByRole('dialog', { name: 'Delete message' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(mine).toHaveCount(1);

  await mine.hover();
  await mine.getByRole('button', { name: 'Delete' }).click();
  await a.getByRole('dialog', { name: 'Delete message' }).getByRole('button', { name: 'Delete' }).click();
  await expect(mine).toHaveCount(0);
  await expect(theirs).toHaveCount(0);
});
