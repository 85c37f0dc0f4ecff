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

// Known bug, tracked for the next session: B sometimes opens a group conversation created a moment
// before and never shows its first post (seen on 2026-12-02 in 2 of about 12 full runs). In the
// failing trace B's page loaded the new channel and its membership on the creation event, then made
// no request at all after clicking it (no posts, no view report), as if the click landed on the
// DM with A that was already open: the new row may move in the sidebar while it settles (a row
// that jumps under the pointer is a bug for people too). Fixme until that is found and fixed, so it
// is not hidden as a flaky pass.
test.fixme('A starts a group message with two people; B opens it and sees the first post', async ({ browser }) => {
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
