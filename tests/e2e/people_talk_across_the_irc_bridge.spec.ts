import { expect, test } from './support/test';
import { bridgedChannel } from './support/bridge';

test('a person in brisk and a person on IRC talk across the bridge, which shows as connected', async ({ browser }) => {
  test.setTimeout(90_000);
  const { irc, ann, alice, page, composer, dispose } = await bridgedChannel(browser);
  try {
    await expect(page.getByTestId('channel-bridge')).toHaveText(
      `Bridged with #oxbow on 127.0.0.1:${irc.port} · connected`,
    );

    await composer.fill('hello from **brisk**');
    await composer.press('Enter');
    expect(await ann.nextSaid()).toEqual({ nick: 'brisk', text: `<${alice.username}> hello from brisk` });

    ann.say('hello from \x02IRC\x02');
    const relayed = page.getByTestId('post').filter({ hasText: 'hello from IRC' });
    await expect(relayed).toHaveCount(1);
    await expect(relayed.getByTestId('post-author')).toHaveText('ann BRIDGE');

    // Her words are not sent back to her: the next line ann hears is alice's next post.
    await composer.fill('see you');
    await composer.press('Enter');
    expect(await ann.nextSaid()).toEqual({ nick: 'brisk', text: `<${alice.username}> see you` });
  } finally {
    await dispose();
  }
});
