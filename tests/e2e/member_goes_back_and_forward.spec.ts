import { Page } from '@playwright/test';
import { expect, test } from './support/test';
import { channel, logIn, post, teamWithUsers } from './support/api';

function heading(page: Page) {
  return page.getByRole('heading', { level: 1 });
}

test('links are followed inside the app, Back and Forward return to each channel, and an unknown address says so', async ({ page }) => {
  const { team, users: [member] } = await teamWithUsers(1);
  const first = await channel(team, member);
  const second = await channel(team, member);
  await post(member, first.id, 'what the first channel says');
  await post(member, second.id, `on to [the first channel](/${team.name}/channels/${first.name})`);

  // The team's own address leads to its town square, in place of it in the history.
  await logIn(page, member, `/${team.name}`);
  await expect(page).toHaveURL(new RegExp(`/${team.name}/channels/town-square$`));
  await expect(heading(page)).toHaveText('Town Square');
  // Set on the running page: a reload would lose it.
  await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));

  const sidebar = page.getByRole('navigation', { name: 'Channels' });
  await sidebar.getByRole('link', { name: second.display_name }).click();
  await expect(heading(page)).toHaveText(second.display_name);
  await expect(page).toHaveURL(new RegExp(`/${team.name}/channels/${second.name}$`));

  // A link in a message to a channel of the app opens it like the sidebar does.
  await page.getByRole('link', { name: 'the first channel' }).click();
  await expect(heading(page)).toHaveText(first.display_name);
  await expect(page.getByText('what the first channel says')).toBeVisible();

  await page.goBack();
  await expect(heading(page)).toHaveText(second.display_name);
  await expect(page.getByRole('link', { name: 'the first channel' })).toBeVisible();
  await page.goBack();
  await expect(heading(page)).toHaveText('Town Square');
  await page.goForward();
  await expect(heading(page)).toHaveText(second.display_name);
  await page.goForward();
  await expect(heading(page)).toHaveText(first.display_name);
  await expect(page.getByText('what the first channel says')).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);

  await page.goto(`/${team.name}/nowhere/at-all`);
  await expect(heading(page)).toHaveText('Page not found');
  await page.getByRole('link', { name: 'Go home' }).click();
  await expect(heading(page)).toHaveText('Town Square');
  await expect(page).toHaveURL(new RegExp(`/${team.name}/channels/town-square$`));
});
