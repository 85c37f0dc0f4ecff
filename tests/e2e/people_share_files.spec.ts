import { truncateSync, writeFileSync } from 'node:fs';
import { expect, test } from './support/test';
import { channel, logIn, teamWithUsers } from './support/api';
import { untilLive } from './support/live';

// A 2x2 red PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP4z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  'base64',
);

test('a picture and a document are attached, sent and seen by the other person; an oversized file is refused', async ({ browser }, testInfo) => {
  const { team, users: [sender, viewer] } = await teamWithUsers(2);
  const room = await channel(team, sender, [viewer]);
  const path = `/${team.name}/channels/${room.name}`;
  const a = await (await browser.newContext()).newPage();
  const b = await (await browser.newContext()).newPage();
  await logIn(a, sender, path);
  await logIn(b, viewer, path);
  await untilLive([a, b], sender, room.id);

  await a.locator('form.composer input[type=file]').setInputFiles([
    { name: 'red.png', mimeType: 'image/png', buffer: PNG },
    { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('release notes\n') },
  ]);
  const attached = a.getByRole('list', { name: 'Attached files' });
  await expect(attached.getByTestId('upload')).toHaveCount(2);
  await expect(attached.getByText('Uploaded')).toHaveCount(2);
  const composer = a.getByRole('textbox', { name: `Write to ${room.display_name}` });
  await composer.fill('here are the files');
  await composer.press('Enter');
  await expect(attached).toHaveCount(0);

  const onB = b.getByTestId('post').filter({ hasText: 'here are the files' });
  const picture = onB.getByRole('button', { name: 'Preview red.png' });
  await expect(picture.getByRole('img', { name: 'red.png' })).toBeVisible();
  const document = onB.getByRole('link', { name: 'notes.txt' });
  await expect(document).toHaveAttribute('href', /\/api\/v4\/files\/[a-z0-9]+\?download=1$/);
  await expect(onB.getByText('14 B')).toBeVisible();

  await picture.click();
  const preview = b.getByRole('dialog', { name: 'red.png' });
  await expect(preview.getByRole('img', { name: 'red.png' })).toHaveAttribute('src', /\/preview$/);
  await b.keyboard.press('Escape');
  await expect(preview).toHaveCount(0);

  // Over the server's MaxFileSize: refused before uploading, saying so.
  const limit = Number((await (await a.request.get('/api/v4/config/client?format=old')).json()).MaxFileSize);
  // A sparse file: one byte over the limit without writing that much to disk.
  const huge = testInfo.outputPath('huge.bin');
  writeFileSync(huge, '');
  truncateSync(huge, limit + 1);
  await a.locator('form.composer input[type=file]').setInputFiles(huge);
  await expect(a.getByRole('alert').filter({ hasText: 'huge.bin is' })).toContainText('files can be at most');
});
