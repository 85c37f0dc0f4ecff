// A signed-out visitor gets the login form before the app's wasm has loaded (assets/start.js paints
// it from index.html's template): they can type and press "Log in" at once, which sends the login
// at once, and the app, when it starts, takes over what was typed and the login's answer. The main
// wasm is held back here until the test has typed, so what runs before it is known, without
// timing anything.
import { Page } from '@playwright/test';
import { expect, test } from './support/test';
import { channel, post, teamWithUsers } from './support/api';

/** Holds back the app's main wasm (not its lazy chunks) until `release()`. */
async function holdBackTheApp(page: Page) {
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  let requested = () => {};
  const wasRequested = new Promise<void>((resolve) => (requested = resolve));
  await page.route(/\/brisk-[^/]*_bg\.wasm$/, async (route) => {
    requested();
    await released;
    await route.continue();
  });
  return { release, requested: wasRequested };
}

/** The methods of the login requests the page sends, as it sends them. */
function loginsSent(page: Page) {
  const logins: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('/api/v4/users/login')) logins.push(request.method());
  });
  return logins;
}

/** The form painted before the app; it is gone once the app has taken it over. */
const paintedForm = (page: Page) => page.locator('[data-before-app]');

/** What makes the login form look and read as it does: each element's tag, id, class, the
 * attributes that matter to a browser or a screen reader, and its own text (but the heading's:
 * the site's name, which the app learns from the server and other journeys rename). */
function formShape(page: Page) {
  return page.locator('main.login-page').evaluate((main) =>
    [main, ...main.querySelectorAll('*')].map((element) => {
      const attributes = ['id', 'class', 'for', 'name', 'type', 'autocomplete', 'autocapitalize', 'spellcheck', 'required']
        .filter((name) => element.hasAttribute(name))
        .map((name) => `${name}=${element.getAttribute(name)}`);
      const text = element.tagName === 'H1' ? '' : [...element.childNodes].filter((node) => node.nodeType === Node.TEXT_NODE).map((node) => node.textContent!.trim()).join('');
      return `${element.tagName.toLowerCase()} ${attributes.join(' ')} ${text}`.trim();
    }),
  );
}

test('the login form is typed into and sent before the app has loaded', async ({ page }) => {
  const { team, users: [reader] } = await teamWithUsers(1);
  const room = await channel(team, reader);
  await post(reader, room.id, 'Welcome, early reader.');
  const logins = loginsSent(page);
  const app = await holdBackTheApp(page);

  await page.goto(`/${team.name}/channels/${room.name}`);
  await app.requested;
  await expect(paintedForm(page)).toBeVisible();
  const painted = await formShape(page);
  await page.getByLabel('Email or Username').fill(reader.username);
  await page.getByLabel('Password').fill(reader.password);
  const answered = page.waitForResponse((response) => response.url().endsWith('/api/v4/users/login'));
  await page.getByRole('button', { name: 'Log in' }).click();

  // The login is sent and answered before the app runs; the form says it is waiting for it.
  expect((await answered).status()).toBe(200);
  await expect(page.getByRole('status')).toHaveText('Signing in…');
  await expect(page.getByRole('button', { name: 'Log in' })).toBeDisabled();
  await expect(page.locator('form.login-form')).toHaveAttribute('aria-busy', 'true');
  expect(logins).toEqual(['POST']);

  app.release();
  await expect(page.getByTestId('post').filter({ hasText: 'Welcome, early reader.' })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/${team.name}/channels/${room.name}$`));
  await expect(paintedForm(page)).toHaveCount(0);
  expect(logins).toEqual(['POST']);

  // The painted form was the app's own: the same elements, ids, classes and words.
  await page.context().clearCookies();
  await page.goto('/login');
  await expect(paintedForm(page)).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Log in' })).toBeEnabled();
  expect(await formShape(page)).toEqual(painted);
});

test('typing goes on in the same field, at the same place, when the app arrives mid-way', async ({ page }) => {
  const { users: [member] } = await teamWithUsers(1);
  const app = await holdBackTheApp(page);

  await page.goto('/login');
  await app.requested;
  const loginId = page.getByLabel('Email or Username');
  // All but the first letter, then the caret back to the start for it.
  await loginId.fill(member.username.slice(1));
  await loginId.press('Home');

  app.release();
  await expect(paintedForm(page)).toHaveCount(0);
  await page.keyboard.type(member.username.slice(0, 1));
  await expect(loginId).toHaveValue(member.username);
  await expect(loginId).toBeFocused();

  await page.keyboard.press('Tab');
  await page.keyboard.type(member.password);
  await page.keyboard.press('Enter');
  const shown = page.getByRole('navigation', { name: 'Channels' }).or(page.getByRole('button', { name: 'Show channels' }));
  await expect(shown.filter({ visible: true })).toBeVisible();
});

test('a wrong password sent before the app has loaded is refused as usual', async ({ page }) => {
  const { users: [member] } = await teamWithUsers(1);
  const logins = loginsSent(page);
  const app = await holdBackTheApp(page);

  await page.goto('/login');
  await app.requested;
  await page.getByLabel('Email or Username').fill(member.username);
  await page.getByLabel('Password').fill('not-the-password');
  const answered = page.waitForResponse((response) => response.url().endsWith('/api/v4/users/login'));
  await page.getByLabel('Password').press('Enter');
  await expect(page.getByRole('status')).toHaveText('Signing in…');
  expect((await answered).status()).toBe(401);

  app.release();
  // The app shows that answer as its own login's; it sends no second one.
  await expect(page.getByRole('alert')).toContainText('Enter a valid email or username and/or password.');
  await expect(page.getByLabel('Password')).toHaveValue('');
  await expect(page.getByLabel('Email or Username')).toHaveValue(member.username);
  await expect(page.getByRole('button', { name: 'Log in' })).toBeEnabled();
  expect(logins).toEqual(['POST']);
});

/** The paths (with their queries) of the API GETs the page sends, in order. */
function apiGetsSent(page: Page) {
  const gets: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (request.method() === 'GET' && url.pathname.startsWith('/api/v4/')) gets.push(url.pathname.slice('/api/v4'.length) + url.search);
  });
  return gets;
}

test('a channel link is fetched while the app loads, and what is posted meanwhile is not missed', async ({ page }) => {
  const { team, users: [reader, writer] } = await teamWithUsers(2);
  const room = await channel(team, reader, [writer]);
  await post(reader, room.id, 'Posted before the link was opened.');
  const gets = apiGetsSent(page);
  const app = await holdBackTheApp(page);

  await page.goto(`/${team.name}/channels/${room.name}`);
  await app.requested;
  await page.getByLabel('Email or Username').fill(reader.username);
  await page.getByLabel('Password').fill(reader.password);
  const newestPosts = `/channels/${room.id}/posts?page=0&per_page=60`;
  const postsAnswered = page.waitForResponse((response) => response.url().endsWith(`/api/v4${newestPosts}`));
  await page.getByRole('button', { name: 'Log in' }).click();

  // Once the login is answered, the start script asks for what the channel's page needs, the app
  // still held back.
  expect((await postsAnswered).status()).toBe(200);
  const firstPage = [
    '/config/client?format=old',
    '/users/me/teams',
    '/users/me/preferences',
    `/teams/name/${team.name}/channels/name/${room.name}?include_deleted=true`,
    `/users/me/teams/${team.id}/channels`,
    newestPosts,
  ];
  expect(gets).toEqual(expect.arrayContaining(firstPage));
  // Posted after those answers and before the app's event stream exists: only a catch-up finds it.
  await post(writer, room.id, 'Posted while the app was loading.');

  app.release();
  const posts = page.getByTestId('post');
  await expect(posts.filter({ hasText: 'Posted before the link was opened.' })).toBeVisible();
  await expect(posts.filter({ hasText: 'Posted while the app was loading.' })).toBeVisible();
  // The app took the start script's answers instead of asking again.
  for (const path of [...firstPage.slice(0, 4), newestPosts]) {
    expect(gets.filter((sent) => sent === path), path).toHaveLength(1);
  }
});
