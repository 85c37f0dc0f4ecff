import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { expect, test } from './support/test';
import { twoPeopleLive } from './support/live';

/** A web page with OpenGraph tags on 127.0.0.1 (the test server may fetch private addresses). */
async function linkedPage(): Promise<{ url: string; close: () => void }> {
  const page = `<!doctype html><html><head><title>Fallback</title>
    <meta property="og:site_name" content="Release Notes &amp; Co">
    <meta property="og:title" content="<img src=x onerror=alert(1)>Version 2 is out">
    <meta property="og:description" content="Faster, smaller, and it keeps what you wrote.">
    </head><body>hello</body></html>`;
  const server = createServer((_, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/notes`, close: () => server.close() };
}

test('a link to a web page gets a preview card under the message, for everyone, as text', async ({ browser }) => {
  const site = await linkedPage();
  const { room, a, b } = await twoPeopleLive(browser);
  const composer = a.getByRole('textbox', { name: `Write to ${room.display_name}` });
  await composer.fill(`the notes: ${site.url}`);
  await composer.press('Enter');

  for (const page of [a, b]) {
    const card = page.getByTestId('post').filter({ hasText: 'the notes:' }).getByTestId('link-preview');
    await expect(card).toContainText('Release Notes & Co');
    const title = card.getByRole('link', { name: '<img src=x onerror=alert(1)>Version 2 is out' });
    await expect(title).toHaveAttribute('href', site.url);
    await expect(title).toHaveAttribute('rel', 'noopener noreferrer');
    await expect(card).toContainText('Faster, smaller, and it keeps what you wrote.');
    await expect(card.locator('img')).toHaveCount(0);
  }
  await b.reload();
  await expect(b.getByTestId('post').filter({ hasText: 'the notes:' }).getByTestId('link-preview')).toContainText('Version 2 is out');
  site.close();
});
