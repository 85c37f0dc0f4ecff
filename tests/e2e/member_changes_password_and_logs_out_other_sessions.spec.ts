import { Page, request } from '@playwright/test';
import { expect, test } from './support/test';
import { logIn, teamWithUsers } from './support/api';

async function loginStatus(username: string, password: string) {
  const anonymous = await request.newContext({ baseURL: process.env.BRISK_URL });
  const response = await anonymous.post('/api/v4/users/login', { data: { login_id: username, password } });
  await anonymous.dispose();
  return response.status();
}

async function openSecuritySettings(page: Page) {
  await page.getByRole('button', { name: 'Team menu' }).click();
  await page.getByRole('button', { name: 'Settings' }).click();
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await settings.getByRole('tab', { name: 'Security' }).click();
  return settings;
}

test('A changes the password (the old one stops working) and logs out every other session, staying signed in', async ({ browser }) => {
  test.setTimeout(90_000);
  const { team, users: [a] } = await teamWithUsers(1);
  const path = `/${team.name}/channels/town-square`;
  const laptop = await (await browser.newContext()).newPage();
  const phone = await (await browser.newContext()).newPage();
  await logIn(laptop, a, path);
  await logIn(phone, a, path);

  const settings = await openSecuritySettings(laptop);
  const current = settings.getByLabel('Current password');
  const fresh = settings.getByLabel('New password', { exact: true });
  const retyped = settings.getByLabel('Retype the new password');
  await current.fill('not-my-password');
  await fresh.fill('short');
  await retyped.fill('short');
  await settings.getByRole('button', { name: 'Change password' }).click();
  await expect(settings.getByText('Passwords need at least 8 characters.')).toBeVisible();
  await expect(fresh).toHaveAttribute('aria-invalid', 'true');

  const newPassword = `new-${a.password}`;
  await fresh.fill(newPassword);
  await retyped.fill(newPassword);
  await settings.getByRole('button', { name: 'Change password' }).click();
  await expect(settings.getByRole('alert')).toContainText('Current Password');
  // Nothing typed is lost, and nobody was signed out by the refusal.
  await expect(current).toHaveValue('not-my-password');
  await expect(fresh).toHaveValue(newPassword);
  await expect(laptop).toHaveURL(new RegExp(`${path}$`));

  await current.fill(a.password);
  await settings.getByRole('button', { name: 'Change password' }).click();
  await expect(settings.getByRole('status')).toHaveText('Password changed. Your other sessions have been logged out.');
  await expect(current).toHaveValue('');
  await expect(phone).toHaveURL(/\/login/, { timeout: 15_000 });
  expect(await loginStatus(a.username, a.password)).toBe(401);
  await laptop.keyboard.press('Escape');
  await expect(settings).toBeHidden();

  // The phone signs in again; the laptop then logs out every other session and stays in.
  await logIn(phone, { username: a.username, password: newPassword }, path);
  const again = await openSecuritySettings(laptop);
  await again.getByLabel('Your password').fill(newPassword);
  await again.getByRole('button', { name: 'Log out all other sessions' }).click();
  await expect(again.getByRole('status')).toHaveText('Every other session has been logged out; this one stays.');
  await expect(phone).toHaveURL(/\/login/, { timeout: 15_000 });
  await laptop.keyboard.press('Escape');

  const box = laptop.getByRole('textbox', { name: 'Write to Town Square' });
  await box.fill('still signed in here');
  await box.press('Enter');
  await expect(laptop.getByTestId('post').filter({ hasText: 'still signed in here' })).not.toHaveAttribute('data-pending', 'true');
  await laptop.reload();
  await expect(laptop.getByRole('navigation', { name: 'Channels' })).toBeVisible();
  await expect(laptop).toHaveURL(new RegExp(`${path}$`));
});
