// A barrier for journeys where one person must see another's change live: right after login a
// page's socket may still be connecting, and what happens before it is up only shows on the
// next load.
import { Page, expect } from '@playwright/test';
import { Session, post } from './api';

let barriers = 0;

/**
 * Waits until every page has loaded the channel and receives new posts over its socket: posts a
 * marker (again, until one arrives everywhere, as the sockets may still be connecting).
 */
export async function untilLive(pages: Page[], author: Session, channelId: string) {
  for (const page of pages) {
    await expect(page.getByTestId('post-list')).toBeVisible();
    await expect(page.getByText('Loading messages…')).toHaveCount(0);
  }
  for (let attempt = 0; attempt < 10; attempt++) {
    barriers += 1;
    const marker = `(everyone is here ${barriers})`;
    await post(author, channelId, marker);
    try {
      for (const page of pages) {
        await expect(page.getByTestId('post-list').getByText(marker)).toBeVisible({ timeout: 2_000 });
      }
      return;
    } catch {
      // A socket was not up yet: the next marker will tell.
    }
  }
  throw new Error('the pages never received posts live');
}
