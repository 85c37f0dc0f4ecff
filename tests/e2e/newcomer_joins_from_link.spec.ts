import { expect, test } from './support/test';
import { admin, logIn, teamWithUsers, uniqueName } from './support/api';
import { openSidebar } from './support/layout';

test('a newcomer opens the invite link, fixes the form, and lands reading town-square', async ({ page }) => {
  const { team, users: [member] } = await teamWithUsers(1);
  await page.goto(`/signup_user_complete/?id=${team.invite_id}`);
  await expect(page.getByRole('heading', { name: `Join ${team.display_name}` })).toBeVisible();

  // Submitting an empty form says what each field needs, next to the field.
  await page.getByRole('button', { name: 'Create account' }).click();
  const email = page.getByLabel('Email');
  const username = page.getByLabel('Username');
  const password = page.getByLabel('Password');
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  await expect(email).toHaveAccessibleDescription('Enter your email address.');
  await expect(email).toBeFocused();
  await expect(username).toHaveAttribute('aria-invalid', 'true');
  await expect(password).toHaveAccessibleDescription(/at least 8 characters/);

  const name = uniqueName('new');
  await email.fill(`${name}@example.org`);
  await username.fill('Not Valid');
  await password.fill('a-long-password');
  await expect(email).not.toHaveAttribute('aria-invalid', 'true');
  await expect(username).toHaveAccessibleDescription(/start with a lowercase letter/);

  // A username someone already has is refused by the server and shown at the username.
  await username.fill(member.username);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(username).toHaveAccessibleDescription(/username/i);
  await expect(username).toHaveAttribute('aria-invalid', 'true');

  await username.fill(name);
  await page.getByRole('button', { name: 'Create account' }).click();

  await expect(page).toHaveURL(new RegExp(`/${team.name}/channels/town-square$`));
  await expect(page.getByRole('main').getByRole('heading', { level: 1 })).toHaveText('Town Square');
  await expect(page.getByTestId('post-list')).toBeVisible();
  await expect((await openSidebar(page)).getByRole('link', { name: 'Town Square' })).toHaveAttribute('aria-current', 'page');
  await page.keyboard.press('Escape');

  const composer = page.getByRole('textbox', { name: 'Write to Town Square' });
  await composer.fill('Hello, I just joined!');
  await composer.press('Enter');
  const mine = page.getByTestId('post').filter({ hasText: 'Hello, I just joined!' });
  await expect(mine).toHaveCount(1);
  await expect(mine).not.toHaveAttribute('data-pending', 'true');
});

test('someone already signed in who opens an invite link joins that team', async ({ page }) => {
  const { users: [wanderer] } = await teamWithUsers(1);
  const { team: other } = await teamWithUsers(0);
  await logIn(page, wanderer);
  await page.goto(`/signup_user_complete/?id=${other.invite_id}`);
  await expect(page).toHaveURL(new RegExp(`/${other.name}/channels/town-square$`));
  await expect(page.getByRole('main').getByRole('heading', { level: 1 })).toHaveText('Town Square');
});

test('a team admin copies the invite link from the team menu; an unknown link says so', async ({ page, context }) => {
  const { team } = await teamWithUsers(0);
  const root = await admin();
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await logIn(page, { username: root.username, password: root.password }, `/${team.name}/channels/town-square`);
  await (await openSidebar(page)).getByRole('button', { name: 'Team menu' }).click();
  await page.getByRole('button', { name: 'Invite people' }).click();
  const dialog = page.getByRole('dialog', { name: 'Invite people' });
  const link = `${new URL(page.url()).origin}/signup_user_complete/?id=${team.invite_id}`;
  await expect(dialog.getByLabel('Invite link')).toHaveValue(link);
  await dialog.getByRole('button', { name: 'Copy link' }).click();
  await expect(dialog.getByRole('status')).toHaveText('Link copied.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('button', { name: 'Team menu' })).toBeFocused();
  await root.api.dispose();

  await page.goto('/signup_user_complete/?id=nosuchinvite00000000000000');
  await expect(page.getByRole('alert')).toContainText('not valid');
});
