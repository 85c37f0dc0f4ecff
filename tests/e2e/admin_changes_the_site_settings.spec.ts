import { expect, test } from './support/test';
import { openConsole } from './support/console';
import { OwnServer } from './support/server';
import { seriousProblems } from './support/axe';

// On a server of its own: the settings are the whole site's, and other journeys run beside this one.
test('an admin renames the site and turns link previews off: both apply at once and are kept', async ({ browser }) => {
  const server = await OwnServer.start();
  try {
    const console = await openConsole(browser, server.url);
    const settings = console.getByRole('region', { name: 'Settings' });
    const siteName = settings.getByLabel('Site name');
    const previews = settings.getByRole('checkbox', { name: 'Show previews of linked web pages' });
    await expect(previews).toBeChecked();
    await siteName.fill('Oxbow Chat');
    await previews.uncheck();
    await settings.getByRole('button', { name: 'Save settings' }).click();
    await expect(console.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();
    expect(await seriousProblems(console, 'console settings')).toEqual([]);

    // A visitor's login page carries the new name, and clients are told previews are off.
    const visitor = await (await browser.newContext({ baseURL: server.url })).newPage();
    await visitor.goto('/login');
    await expect(visitor.getByRole('heading', { name: 'Oxbow Chat', level: 1 })).toBeVisible();
    const config = await (await visitor.request.get('/api/v4/config/client?format=old')).json();
    expect(config.EnableLinkPreviews).toBe('false');

    // Kept: the console opened again shows them.
    await console.reload();
    await expect(siteName).toHaveValue('Oxbow Chat');
    await expect(previews).not.toBeChecked();
  } finally {
    await server.dispose();
  }
});
