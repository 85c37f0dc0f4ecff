import { Page } from '@playwright/test';
import { expect, test } from './support/test';
import { logIn, teamWithUsers } from './support/api';
import { seriousProblems } from './support/axe';

const LIGHT_BACKGROUND = 'rgb(255, 255, 255)';
const DARK_BACKGROUND = 'rgb(22, 25, 29)';

function background(page: Page) {
  return page.evaluate(() => getComputedStyle(document.body).backgroundColor);
}

async function openDisplaySettings(page: Page) {
  await page.getByRole('button', { name: 'Team menu' }).click();
  await page.getByRole('button', { name: 'Settings' }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await settings.getByRole('tab', { name: 'Profile' }).press('ArrowRight');
  await expect(settings.getByRole('tab', { name: 'Security' })).toBeFocused();
  await settings.getByRole('tab', { name: 'Security' }).press('ArrowRight');
  await expect(settings.getByRole('tab', { name: 'Display' })).toHaveAttribute('aria-selected', 'true');
  return settings;
}

test('A switches to dark, light and back to the device’s theme: at once, after a reload, on another device', async ({ browser }) => {
  const { team, users: [a] } = await teamWithUsers(1);
  const context = await browser.newContext({ colorScheme: 'light' });
  const page = await context.newPage();
  await logIn(page, a, `/${team.name}/channels/town-square`);
  expect(await background(page)).toBe(LIGHT_BACKGROUND);

  const settings = await openDisplaySettings(page);
  await expect(settings.getByRole('radio', { name: 'Same as the device' })).toBeChecked();
  await settings.getByRole('radio', { name: 'Dark' }).check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect.poll(() => background(page)).toBe(DARK_BACKGROUND);
  expect(await seriousProblems(page, 'settings, dark')).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(settings).toBeHidden();
  await expect(page.getByRole('button', { name: 'Team menu' })).toBeFocused();
  expect(await seriousProblems(page, 'channel, dark')).toEqual([]);

  // Before the app starts (its wasm is held back here), the page is already dark: no flash.
  await page.route(/\.wasm$/, (route) => route.abort());
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await background(page)).toBe(DARK_BACKGROUND);
  await page.unroute(/\.wasm$/);
  await page.reload();
  await expect(page.getByRole('navigation', { name: 'Channels' })).toBeVisible();
  expect(await background(page)).toBe(DARK_BACKGROUND);

  // Another device (nothing remembered there) takes the preference from the server.
  const phone = await (await browser.newContext({ colorScheme: 'light' })).newPage();
  await logIn(phone, a, `/${team.name}/channels/town-square`);
  await expect.poll(() => background(phone)).toBe(DARK_BACKGROUND);

  await page.emulateMedia({ colorScheme: 'dark' });
  const again = await openDisplaySettings(page);
  await again.getByRole('radio', { name: 'Light' }).check();
  await expect.poll(() => background(page)).toBe(LIGHT_BACKGROUND);
  expect(await seriousProblems(page, 'settings, light on a dark device')).toEqual([]);
  await expect.poll(() => background(phone)).toBe(LIGHT_BACKGROUND);

  await again.getByRole('radio', { name: 'Same as the device' }).check();
  await expect.poll(() => background(page)).toBe(DARK_BACKGROUND);
  await page.emulateMedia({ colorScheme: 'light' });
  await expect.poll(() => background(page)).toBe(LIGHT_BACKGROUND);
});
