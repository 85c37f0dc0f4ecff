// Pages of the journeys that run the place: a signed-in page in a browser context of its own, and
// the System Console opened by the demo admin.
import { Browser, Page } from '@playwright/test';
import { expect } from './test';
import { DEMO_PASSWORD, Session, logIn } from './api';

/** A signed-in page in a browser context of its own (its own cookies), on the server at `base`
 * (the shared one unless given). */
export async function signedIn(browser: Browser, who: Pick<Session, 'username' | 'password'>, base?: string): Promise<Page> {
  const page = await (await browser.newContext(base ? { baseURL: base } : {})).newPage();
  await logIn(page, who);
  return page;
}

/** The System Console, opened by the demo admin alice (on the server at `base`). */
export async function openConsole(browser: Browser, base?: string): Promise<Page> {
  const page = await signedIn(browser, { username: 'alice', password: DEMO_PASSWORD }, base);
  await page.goto('/admin_console');
  await expect(page.getByRole('heading', { name: 'People' })).toBeVisible();
  return page;
}

/** The console's row of `username`, found by the console's search. */
export async function personRow(console: Page, username: string) {
  await console.getByLabel('Search people').fill(username);
  await console.getByRole('button', { name: 'Search', exact: true }).click();
  const row = console.getByRole('row').filter({ has: console.getByRole('rowheader', { name: username, exact: true }) });
  await expect(row).toBeVisible();
  return row;
}
