import { Page } from '@playwright/test';
import { expect, test } from './support/test';
import { channel, logIn, teamWithUsers } from './support/api';
import { OwnServer, postUntilAccepted } from './support/server';

function messages(page: Page) {
  return page.getByTestId('post-message').filter({ hasText: /^update \d+/ });
}

test('the server restarts while A reads and B keeps posting: nothing lost, nothing doubled', async ({ browser }) => {
  test.setTimeout(90_000);
  const server = await OwnServer.start();
  try {
    const { team, users: [a, b] } = await teamWithUsers(2, server.url);
    const room = await channel(team, b, [a]);
    const context = await browser.newContext({ baseURL: server.url });
    const page = await context.newPage();
    await logIn(page, a, `/${team.name}/channels/${room.name}`);

    const sent = Array.from({ length: 30 }, (_, i) => `update ${i + 1}`);
    const firstTry = Date.now();
    const postAll = (async () => {
      // About ten a second, so some land while the server is away.
      for (const [i, message] of sent.entries()) {
        await postUntilAccepted(b, room.id, message, `${b.userId}:${firstTry + i}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    await expect(messages(page)).not.toHaveCount(0);
    await server.restart();
    await postAll;

    await expect(messages(page)).toHaveCount(sent.length, { timeout: 30_000 });
    expect((await messages(page).allTextContents()).map((text) => text.trim())).toEqual(sent);
    await expect(page.getByRole('status').getByText('Reconnecting…')).toBeHidden();
    await context.close();
  } finally {
    await server.dispose();
  }
});
