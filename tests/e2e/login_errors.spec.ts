import { expect, test } from './support/test';
import { teamWithUsers } from './support/api';

test('a wrong password shows the error and keeps the login id', async ({ page }) => {
  const { users: [user] } = await teamWithUsers(1);
  await page.goto('/login');
  await page.getByLabel('Email or Username').fill(user.username);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Log in' }).click();

  await expect(page.getByRole('alert')).toContainText('Enter a valid email or username and/or password.');
  await expect(page.getByLabel('Email or Username')).toHaveValue(user.username);
  await expect(page).toHaveURL(/\/login$/);

  // The same form then works with the right password.
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('navigation', { name: 'Channels' })).toBeVisible();
});

test('an unreachable server says so and keeps the login id', async ({ page }) => {
  await page.goto('/login');
  // The app's own form: the one painted before the app is taken over (the app must be loaded
  // before the network goes).
  await expect(page.locator('[data-before-app]')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Log in' })).toBeVisible();
  await page.context().setOffline(true);
  await page.getByLabel('Email or Username').fill('someone');
  await page.getByLabel('Password').fill('whatever');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('alert')).toContainText('Cannot reach the server');
  await expect(page.getByLabel('Email or Username')).toHaveValue('someone');
});
