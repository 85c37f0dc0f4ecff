import { Browser } from '@playwright/test';
import { expect, test } from './support/test';
import { logIn, teamWithUsers } from './support/api';
import { openSidebar } from './support/layout';

// A team of three (ann, ben, cat), ann and ben signed in, each in a browser of their own.
async function annAndBenInTownSquare(browser: Browser) {
  const { team, users: [ann, ben, cat] } = await teamWithUsers(3);
  const aContext = await browser.newContext();
  const bContext = await browser.newContext();
  const a = await aContext.newPage();
  const b = await bContext.newPage();
  await logIn(a, ann, `/${team.name}/channels/town-square`);
  await logIn(b, ben, `/${team.name}/channels/town-square`);
  return { team, ann, ben, cat, a, b, aContext, bContext };
}

test('A starts a direct message from the sidebar; B sees it in the Direct messages section with A online', async ({ browser }) => {
  const { team, ann, ben, cat, a, b, aContext, bContext } = await annAndBenInTownSquare(browser);

  await (await openSidebar(a)).getByRole('button', { name: 'Write a direct message' }).click();
  const picker = a.getByRole('dialog', { name: 'Direct messages' });
  await picker.getByLabel('Find people').fill(ben.username.slice(0, 8));
  await picker.getByLabel(`@${ben.username}`).check();
  await picker.getByRole('button', { name: 'Go' }).click();
  await expect(a).toHaveURL(new RegExp(`/${team.name}/messages/@${ben.username}$`));
  const composer = a.getByRole('textbox', { name: `Write to ${ben.username}` });
  await composer.fill('hi ben, just us');
  await composer.press('Enter');

  let bSidebar = await openSidebar(b);
  const dm = bSidebar.getByRole('link', { name: new RegExp(`^${ann.username}\\s*, online$`) });
  await expect(dm).toBeVisible();
  await expect(dm).toHaveAttribute('href', `/${team.name}/messages/@${ann.username}`);
  await dm.click();
  await expect(b.getByTestId('post').filter({ hasText: 'hi ben, just us' })).toHaveCount(1);

  // The address opens it directly too.
  await a.goto(`/${team.name}/messages/@${cat.username}`);
  await expect(a.getByRole('main').getByRole('heading', { level: 1 })).toHaveText(cat.username);

  await aContext.close();
  await bContext.close();
});

test('A starts a group message with two people; B opens it and sees the first post', async ({ browser }) => {
  const { team, ben, cat, a, b, aContext, bContext } = await annAndBenInTownSquare(browser);

  await (await openSidebar(a)).getByRole('button', { name: 'Write a direct message' }).click();
  const picker = a.getByRole('dialog', { name: 'Direct messages' });
  await picker.getByLabel(`@${ben.username}`).check();
  await picker.getByLabel(`@${cat.username}`).check();
  await picker.getByRole('button', { name: 'Go' }).click();
  await expect(a).toHaveURL(new RegExp(`/${team.name}/messages/[a-z0-9]{40}$`));
  await a.getByRole('textbox', { name: /^Write to / }).fill('hello both');
  await a.getByRole('textbox', { name: /^Write to / }).press('Enter');
  const group = (await openSidebar(b)).getByRole('link', { name: new RegExp(cat.username) });
  await expect(group).toBeVisible();
  await group.click();
  await expect(b.getByTestId('post').filter({ hasText: 'hello both' })).toHaveCount(1);

  await aContext.close();
  await bContext.close();
});
