import { expect, test } from '@playwright/test';
import { channel, logIn, teamWithUsers } from './support/api';
import { IrcClient, Ngircd } from './support/irc';
import { OwnServer } from './support/server';

test('a person in brisk and a person on IRC talk across the bridge, which shows as connected', async ({ browser }) => {
  test.setTimeout(90_000);
  const irc = await Ngircd.start();
  const server = await OwnServer.start();
  let ann: IrcClient | undefined;
  try {
    const { team, users: [alice] } = await teamWithUsers(1, server.url);
    const room = await channel(team, alice);
    // The bridges file is read at start-up: start again with the new channel bridged.
    await server.restart(['--bridges', irc.bridgesFile(`${team.name}/${room.name}`, '#oxbow')]);
    ann = await IrcClient.join(irc.port, 'ann', '#oxbow');

    const context = await browser.newContext({ baseURL: server.url });
    const page = await context.newPage();
    await logIn(page, alice, `/${team.name}/channels/${room.name}`);
    await expect(page.getByTestId('channel-bridge')).toHaveText(
      `Bridged with #oxbow on 127.0.0.1:${irc.port} · connected`,
    );

    const composer = page.getByRole('textbox', { name: `Write to ${room.display_name}` });
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
    await context.close();
  } finally {
    ann?.quit();
    await server.dispose();
    irc.dispose();
  }
});
