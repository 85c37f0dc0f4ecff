import { Browser } from '@playwright/test';
import { expect, test } from './support/test';
import { Session, teamWithUsers } from './support/api';
import { openConsole, personRow } from './support/console';
import { seriousProblems } from './support/axe';

/** Whether the login form takes `password` for `person` (in a fresh context). */
async function signsInWith(browser: Browser, person: Session, password: string): Promise<boolean> {
  const page = await (await browser.newContext()).newPage();
  await page.goto('/login');
  await page.getByLabel('Email or Username').fill(person.username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  const outcome = page.getByRole('alert').or(page.getByRole('navigation', { name: 'Channels' }));
  await expect(outcome.first()).toBeVisible();
  const signedIn = await page.getByRole('navigation', { name: 'Channels' }).isVisible();
  await page.context().close();
  return signedIn;
}

test('an admin sets a password, then hands over a one-time reset link; only the newest password works', async ({ browser }) => {
  // Six browser contexts, each loading the app, six sign-ins and two axe runs: past 30 s on a
  // loaded machine, with no step waiting on another (seen at a load of 15 on two cores).
  test.slow();
  const { users: [person] } = await teamWithUsers(1);
  const console = await openConsole(browser);

  let row = await personRow(console, person.username);
  await row.getByRole('button', { name: 'Set password' }).click();
  await console.getByLabel(`New password for ${person.username}`).fill('set-by-the-admin-1');
  await console.getByRole('button', { name: 'Save password' }).click();
  await expect(console.getByRole('status').filter({ hasText: 'password is set' })).toBeVisible();
  expect(await signsInWith(browser, person, person.password)).toBe(false);
  expect(await signsInWith(browser, person, 'set-by-the-admin-1')).toBe(true);

  row = await personRow(console, person.username);
  await row.getByRole('button', { name: 'Reset link' }).click();
  const linkField = console.getByLabel(`Reset link for ${person.username}`);
  await expect(linkField).toHaveValue(/\/reset_password_complete\?token=[a-z0-9]{64}$/);
  expect(await seriousProblems(console, 'system console with a reset link')).toEqual([]);
  const link = await linkField.inputValue();

  const personPage = await (await browser.newContext()).newPage();
  await personPage.goto(link);
  await expect(personPage.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
  expect(await seriousProblems(personPage, 'reset password page')).toEqual([]);
  await personPage.getByLabel('New password').fill('chosen-by-them-1');
  await personPage.getByRole('button', { name: 'Change password' }).click();
  await expect(personPage.getByRole('status')).toHaveText(/new password is set/);

  // The link works once.
  await personPage.goto(link);
  await personPage.getByLabel('New password').fill('someone-else-1');
  await personPage.getByRole('button', { name: 'Change password' }).click();
  await expect(personPage.getByRole('alert')).toHaveText(/not appear to be valid/);

  expect(await signsInWith(browser, person, 'set-by-the-admin-1')).toBe(false);
  expect(await signsInWith(browser, person, 'chosen-by-them-1')).toBe(true);
});
