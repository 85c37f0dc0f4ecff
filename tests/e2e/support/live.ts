// A barrier for journeys where one person must see another's change live: right after login a
// page's socket may still be connecting, and what happens before it is up only shows on the
// next load.
import { Browser, Page, expect } from '@playwright/test';
import { Channel, Session, channel, logIn, post, teamWithUsers } from './api';

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

/**
 * Two fresh people in a fresh channel of a fresh team, each signed in in a browser context of
 * their own with the channel open and live: `a` is the first one's page, `b` the second's.
 * `seed` runs before they sign in (to post what the channel opens with).
 */
export async function twoPeopleLive(browser: Browser, seed?: (room: Channel, first: Session) => Promise<unknown>) {
  const { team, users: [first, second] } = await teamWithUsers(2);
  const room = await channel(team, first, [second]);
  if (seed) await seed(room, first);
  const path = `/${team.name}/channels/${room.name}`;
  const a = await (await browser.newContext()).newPage();
  const b = await (await browser.newContext()).newPage();
  await logIn(a, first, path);
  await logIn(b, second, path);
  await untilLive([a, b], first, room.id);
  return { team, room, first, second, a, b };
}

/**
 * The records brisk keeps on the device (its IndexedDB database), by object store; none when there
 * is no database (reading does not create one).
 */
export function deviceRecords(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(async () => {
    if (!(await indexedDB.databases()).some((db) => db.name === 'brisk')) return {};
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('brisk');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const records: Record<string, string[]> = {};
    for (const store of Array.from(db.objectStoreNames)) {
      records[store] = await new Promise<string[]>((resolve, reject) => {
        const request = db.transaction(store).objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    }
    db.close();
    return records;
  });
}

/** Waits until the device's saved copy of the store holds `text` (it is written a moment after a change). */
export async function untilSaved(page: Page, text: string) {
  await expect.poll(async () => {
    const records = await deviceRecords(page);
    return [...(records.session ?? []), ...(records.channels ?? [])].join('\n');
  }).toContain(text);
}
