import { expect, test } from './support/test';
import { channelBridgedBy } from './support/bridge';
import { SERVER_NAME, Synapse } from './support/matrix';

test('a person in brisk and a person on Matrix talk across the bridge, which shows as connected', async ({ browser }) => {
  test.setTimeout(150_000);
  const synapse = await Synapse.start();
  try {
    const bridge = await synapse.person('brisk', 'brisk');
    const ann = await synapse.person('ann', 'Ann Lee');
    const alias = `#oxbow:${SERVER_NAME}`;
    const roomId = await ann.createRoom('oxbow');
    const { alice, page, composer, dispose } = await channelBridgedBy(browser, (teamChannel) =>
      synapse.bridgeLink(teamChannel, alias, bridge),
    );
    try {
      await expect(page.getByTestId('channel-bridge')).toHaveText(
        `Bridged with ${alias} on 127.0.0.1:${synapse.port} · connected`,
      );

      await composer.fill('hello from **brisk**');
      await composer.press('Enter');
      const sent = await ann.waitFor(roomId, `${alice.username}: hello from **brisk**`);
      expect(sent.sender).toBe(bridge.userId);

      await ann.say(roomId, 'hello from Matrix');
      const relayed = page.getByTestId('post').filter({ hasText: 'hello from Matrix' });
      await expect(relayed).toHaveCount(1);
      await expect(relayed.getByTestId('post-author')).toHaveText('Ann Lee BRIDGE');

      // Her words are not sent back to the room: after alice's next post, the bridge has said
      // only alice's two messages there.
      await composer.fill('see you');
      await composer.press('Enter');
      await ann.waitFor(roomId, `${alice.username}: see you`);
      const fromBridge = (await ann.messages(roomId)).filter((said) => said.sender === bridge.userId);
      expect(fromBridge.map((said) => said.body)).toEqual([
        `${alice.username}: hello from **brisk**`,
        `${alice.username}: see you`,
      ]);
    } finally {
      await dispose();
    }
  } finally {
    synapse.dispose();
  }
});
