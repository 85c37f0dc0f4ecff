import { expect, test } from './support/test';
import { post } from './support/api';
import { twoPeopleLive } from './support/live';

test('people react from the picker and toggle a reaction; both see counts and who reacted live', async ({ browser }) => {
  const { room, first: author, second: reader, a, b } = await twoPeopleLive(browser, (room, first) =>
    post(first, room.id, 'we shipped the release'),
  );

  // The reader picks :tada: by searching the picker.
  const onB = b.getByTestId('post').filter({ hasText: 'we shipped the release' });
  await onB.hover();
  await onB.getByRole('button', { name: 'Add a reaction' }).click();
  const picker = b.getByRole('dialog', { name: 'Choose an emoji' });
  await picker.getByRole('searchbox', { name: 'Search emoji' }).fill('tada');
  await picker.getByRole('button', { name: ':tada:' }).click();
  await expect(picker).toHaveCount(0);

  const chipOnB = onB.getByRole('button', { name: /reacted with :tada:/ });
  await expect(chipOnB).toHaveText(/🎉\s*1/);
  await expect(chipOnB).toHaveAttribute('aria-pressed', 'true');

  const onA = a.getByTestId('post').filter({ hasText: 'we shipped the release' });
  const chipOnA = onA.getByRole('button', { name: `${reader.username} reacted with :tada:` });
  await expect(chipOnA).toHaveText(/🎉\s*1/);
  await expect(chipOnA).toHaveAttribute('aria-pressed', 'false');

  // The author joins in with one press, then takes it back.
  await chipOnA.click();
  await expect(onA.getByRole('button', { name: /reacted with :tada:/ })).toHaveText(/🎉\s*2/);
  await expect(chipOnB).toHaveText(/🎉\s*2/);
  await expect(chipOnB).toHaveAccessibleName(`you, ${author.username} reacted with :tada:`);
  await onA.getByRole('button', { name: /reacted with :tada:/ }).click();
  await expect(chipOnB).toHaveText(/🎉\s*1/);

  // The picker now offers :tada: among the reader's recent emoji.
  await onB.getByRole('button', { name: 'Add a reaction' }).first().click();
  await expect(picker.getByRole('group', { name: 'Recently used' }).getByRole('button', { name: ':tada:' })).toBeVisible();
  await b.keyboard.press('Escape');
  await expect(picker).toHaveCount(0);

  // Taking back the last reaction removes the chip everywhere.
  await chipOnB.click();
  await expect(onA.getByTestId('reactions')).toHaveCount(0);
  await expect(onB.getByTestId('reactions')).toHaveCount(0);
});
