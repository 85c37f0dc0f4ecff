import { expect, test } from './support/test';
import { logIn, post, teamWithUsers, townSquare } from './support/api';

test.describe('with the service worker', () => {
  test.use({ serviceWorkers: 'allow' });

  test('the app is installable and a repeat visit shows it from the cache, even offline', async ({ page, context }) => {
    const manifest = await (await page.request.get('/manifest.webmanifest')).json();
    expect(manifest).toMatchObject({ name: 'brisk', start_url: '/', display: 'standalone' });
    expect(manifest.icons.length).toBeGreaterThan(0);

    await page.goto('/login');
    await expect(page.getByLabel('Email or Username')).toBeVisible();
    await page.evaluate(async () => { await navigator.serviceWorker.ready; });
    // The first visit installed the worker; the next one is served through it and fills its cache.
    await page.reload();
    await expect(page.getByLabel('Email or Username')).toBeVisible();
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    const cached = await page.evaluate(async () => {
      const cache = await caches.open('brisk-shell-v1');
      return (await cache.keys()).map((r) => new URL(r.url).pathname);
    });
    expect(cached).toContain('/index.html');
    expect(cached.some((path) => path.endsWith('_bg.wasm'))).toBe(true);
    expect(cached.some((path) => path.startsWith('/api/'))).toBe(false);

    await context.setOffline(true);
    await page.reload();
    await expect(page.getByLabel('Email or Username')).toBeVisible();
    await context.setOffline(false);
  });
});

test('a mention while the tab is hidden shows a desktop notification, after the person allowed them', async ({ browser }) => {
  const { team, users: [me, other] } = await teamWithUsers(2);
  const context = await browser.newContext();
  const page = await context.newPage();
  // Record notifications instead of showing them, and let the test hide the tab.
  await page.addInitScript(() => {
    const shown: Array<{ title: string; body?: string }> = [];
    (window as unknown as { shown: typeof shown }).shown = shown;
    let permission = 'default';
    class FakeNotification {
      static get permission() { return permission; }
      static requestPermission() { permission = 'granted'; return Promise.resolve(permission); }
      onclick: unknown = null;
      constructor(title: string, options?: { body?: string }) { shown.push({ title, body: options?.body }); }
    }
    (window as unknown as { Notification: unknown }).Notification = FakeNotification;
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => (window as unknown as { tabHidden?: boolean }).tabHidden === true });
  });
  await logIn(page, me, `/${team.name}/channels/town-square`);
  const shown = () => page.evaluate(() => (window as unknown as { shown: unknown[] }).shown);

  // Nothing is asked on load; the person turns them on from the sidebar.
  const offer = page.getByRole('button', { name: 'Turn on desktop notifications' });
  await offer.click();
  await expect(offer).toBeHidden();

  const square = await townSquare(team, other);
  await post(other, square.id, `@${me.username} visible tab: no notification`);
  await expect(page.getByTestId('post').filter({ hasText: 'visible tab' })).toHaveCount(1);
  await page.evaluate(() => { (window as unknown as { tabHidden: boolean }).tabHidden = true; });
  await post(other, square.id, 'no mention: no notification');
  await post(other, square.id, `@${me.username} are you coming?`);
  await expect.poll(shown).toEqual([{ title: `${other.username} in Town Square`, body: `@${me.username} are you coming?` }]);
  await context.close();
});
