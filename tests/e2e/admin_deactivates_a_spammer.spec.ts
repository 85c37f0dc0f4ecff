import { expect, test } from './support/test';
import { DEMO_PASSWORD, teamWithUsers } from './support/api';
import { personRow, signedIn } from './support/console';
import { seriousProblems } from './support/axe';

test('an admin deactivates a spammer: their open client is signed out and they cannot sign in again', async ({ browser }) => {
  const { team, users: [spammer] } = await teamWithUsers(1);
  const spammerPage = await signedIn(browser, spammer);
  await spammerPage.goto(`/${team.name}/channels/town-square`);
  await expect(spammerPage.getByRole('textbox', { name: 'Write to Town Square' })).toBeVisible();

  // Someone who is not a system admin is told so (the server refuses them every call anyway).
  await spammerPage.goto('/admin_console');
  await expect(spammerPage.getByRole('alert')).toHaveText(/not permitted/);
  const refused = await spammerPage.request.get('/api/v4/users?role=system_admin');
  expect(refused.status()).toBe(403);
  await spammerPage.goto(`/${team.name}/channels/town-square`);
  await expect(spammerPage.getByRole('textbox', { name: 'Write to Town Square' })).toBeVisible();

  const adminPage = await signedIn(browser, { username: 'alice', password: DEMO_PASSWORD });
  await adminPage.getByRole('button', { name: 'Team menu' }).click();
  await adminPage.getByRole('link', { name: 'System Console' }).click();
  await expect(adminPage.getByRole('heading', { name: 'System Console', level: 1 })).toBeVisible();
  await expect(adminPage.getByRole('heading', { name: 'People' })).toBeVisible();
  expect(await seriousProblems(adminPage, 'system console')).toEqual([]);

  const row = await personRow(adminPage, spammer.username);
  await expect(row.getByRole('cell', { name: 'Active', exact: true })).toBeVisible();
  await row.getByRole('button', { name: 'Deactivate' }).click();
  await expect(adminPage.getByRole('status').filter({ hasText: 'deactivated' })).toBeVisible();
  await expect(row.getByRole('cell', { name: 'Deactivated', exact: true })).toBeVisible();

  // The spammer's open client loses its session at once and lands on the login page.
  await expect(spammerPage).toHaveURL(/\/login/);
  await spammerPage.getByLabel('Email or Username').fill(spammer.username);
  await spammerPage.getByLabel('Password').fill(spammer.password);
  await spammerPage.getByRole('button', { name: 'Log in' }).click();
  await expect(spammerPage.getByRole('alert')).toHaveText(/valid email or username/);
  expect((await spammer.api.get('/api/v4/users/me')).status()).toBe(401);

  // Not among the active people any more; listed among the deactivated.
  const active = await adminPage.request.get(`/api/v4/users?active=true&per_page=200&in_team=${team.id}`);
  expect((await active.json()).map((u: { username: string }) => u.username)).not.toContain(spammer.username);
  await adminPage.getByLabel('Search people').fill('');
  await adminPage.getByLabel('Show', { exact: true }).selectOption('Deactivated');
  await expect(adminPage.getByRole('rowheader', { name: spammer.username, exact: true })).toBeVisible();
});
