// The app's layout as a journey sees it: on a phone the sidebar is a drawer behind a button.
import { Locator, Page, expect } from '@playwright/test';

/** Whether the page is laid out for a phone (style/main.css switches at 700 px). */
export function isPhone(page: Page): boolean {
  return (page.viewportSize()?.width ?? 1280) <= 700;
}

/** The sidebar ("Channels" navigation), opening the drawer first on a phone. */
export async function openSidebar(page: Page): Promise<Locator> {
  const nav = page.getByRole('navigation', { name: 'Channels' });
  const toggle = page.getByRole('button', { name: 'Show channels' });
  // The toggle's state, not the drawer's look: the drawer may still be sliding.
  if (isPhone(page) && (await toggle.getAttribute('aria-expanded')) !== 'true') {
    await toggle.click();
  }
  await expect(nav).toBeVisible();
  return nav;
}

/**
 * Runs `check` on the channel's header text where the reader sees it: above the channel, or on a
 * phone (where the header is one line) in the channel's info, opened for it and closed after.
 */
export async function inChannelHeader(page: Page, check: (header: Locator) => Promise<void>) {
  if (!isPhone(page)) {
    await check(page.getByTestId('channel-header'));
    return;
  }
  await page.getByRole('button', { name: 'Channel menu' }).click();
  await page.getByRole('button', { name: 'View info' }).click();
  const info = page.getByRole('dialog', { name: /^About / });
  await check(info.getByTestId('channel-info-header'));
  await page.keyboard.press('Escape');
  await expect(info).toBeHidden();
}
