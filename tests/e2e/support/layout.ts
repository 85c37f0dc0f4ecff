// The app's layout as a journey sees it: on a phone the sidebar is a drawer behind a button.
import { Locator, Page, expect } from '@playwright/test';

/** Whether the page is laid out for a phone (style/main.css switches at 700 px). */
export function isPhone(page: Page): boolean {
  return (page.viewportSize()?.width ?? 1280) <= 700;
}

/** The sidebar ("Channels" navigation), opening the drawer first on a phone. */
export async function openSidebar(page: Page): Promise<Locator> {
  const nav = page.getByRole('navigation', { name: 'Channels' });
  if (isPhone(page) && !(await nav.isVisible())) {
    await page.getByRole('button', { name: 'Show channels' }).click();
  }
  await expect(nav).toBeVisible();
  return nav;
}
