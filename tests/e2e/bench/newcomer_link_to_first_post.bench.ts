// How long and how many clicks from opening an invite link to a confirmed first post, for a
// newcomer in a fresh browser (nothing cached). The script uses the keyboard where the page lets a
// person do so (a focused field, Tab, Enter) and clicks only where it must, counting those clicks:
// if a page stops focusing the right field, the click count goes up. Typing is instant here, so
// the seconds are the app's and the server's share of the path, not a person's typing speed.
import { Locator, Page, expect, test } from '@playwright/test';
import { teamWithUsers, uniqueName } from '../support/api';

const RUNS = 5;

interface Run { seconds: number; toTownSquare: number; clicks: number }

const isFocused = (field: Locator) => field.evaluate((element) => element === document.activeElement);

/** Gets to `field` as a person would: already there, or Tab from the previous field, or a click. */
async function focusField(page: Page, field: Locator, counter: { clicks: number }, tabFirst = false) {
  if (tabFirst && !(await isFocused(field))) {
    await page.keyboard.press('Tab');
  }
  if (!(await isFocused(field))) {
    counter.clicks += 1;
    await field.click();
  }
}

async function newcomer(page: Page, inviteId: string): Promise<Run> {
  const counter = { clicks: 0 };
  const name = uniqueName('bench');
  const start = performance.now();
  await page.goto(`/signup_user_complete/?id=${inviteId}`);

  const email = page.getByLabel('Email');
  await expect(email).toBeVisible();
  await focusField(page, email, counter);
  await page.keyboard.type(`${name}@example.org`);
  await focusField(page, page.getByLabel('Username'), counter, true);
  await page.keyboard.type(name);
  await focusField(page, page.getByLabel('Password'), counter, true);
  await page.keyboard.type('a-long-password');
  counter.clicks += 1;
  await page.getByRole('button', { name: 'Create account' }).click();

  const composer = page.getByRole('textbox', { name: 'Write to Town Square' });
  await expect(composer).toBeVisible();
  const toTownSquare = (performance.now() - start) / 1000;
  await focusField(page, composer, counter);
  const hello = `Hello everyone, ${name} here!`;
  await page.keyboard.type(hello);
  await page.keyboard.press('Enter');
  const post = page.getByTestId('post').filter({ hasText: hello });
  await expect(post).toHaveCount(1);
  await expect(post).not.toHaveAttribute('data-pending', 'true');
  return { seconds: (performance.now() - start) / 1000, toTownSquare, clicks: counter.clicks };
}

test('newcomer: invite link to first post', async ({ browser }) => {
  const { team } = await teamWithUsers(0);
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext();
    runs.push(await newcomer(await context.newPage(), team.invite_id));
    await context.close();
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const fmt = (s: number) => `${s.toFixed(2)} s`;
  console.log(`| newcomer runs (fresh browser each) | ${RUNS} |`);
  console.log(`| link → town-square shown (median) | ${fmt(median(runs.map((r) => r.toTownSquare)))} |`);
  console.log(`| link → first post confirmed (median) | ${fmt(median(runs.map((r) => r.seconds)))} |`);
  console.log(`| slowest run | ${fmt(Math.max(...runs.map((r) => r.seconds)))} |`);
  console.log(`| clicks | ${median(runs.map((r) => r.clicks))} |`);
});
