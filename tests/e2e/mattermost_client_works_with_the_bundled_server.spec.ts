// Mattermost's own JavaScript client (`@mattermost/client`, the one its web and desktop apps are
// built on) against the bundled server, run in the test process: a member signs in, loads what
// the apps load first, opens a channel at its unread position, posts, reacts, reads statuses and
// avatars, and saves a preference.
import { Client4 } from '@mattermost/client';

import { channel, markRead, post, teamWithUsers } from './support/api';
import { baseURL } from './support/launch';
import { expect, test } from './support/test';

test('Mattermost\'s own client signs in, opens a channel at its unread posts, posts and reacts', async () => {
  const { team, users: [bob, eve] } = await teamWithUsers(2);
  const room = await channel(team, eve, [bob]);
  await post(eve, room.id, 'already read');
  await markRead(bob, room.id);
  await post(eve, room.id, 'first unread');
  await post(eve, room.id, 'second unread');

  const client = new Client4();
  client.setUrl(new URL(baseURL!).origin);
  const me = await client.login(bob.username, bob.password);
  expect(me.id).toBe(bob.userId);

  const config = await client.getClientConfig();
  expect(config.EnableEmojiPicker).toBe('true');
  const roles = await client.getRolesByNames(['system_user', 'team_user', 'channel_user']);
  const channelUser = roles.find((role) => role.name === 'channel_user');
  expect(channelUser?.permissions).toEqual(expect.arrayContaining(['create_post', 'add_reaction']));

  const sidebar = await client.getChannelCategories(me.id, team.id);
  const channels = sidebar.categories.find((category) => category.type === 'channels');
  expect(channels?.channel_ids).toContain(room.id);
  expect(sidebar.order).toHaveLength(3);

  const around = await client.getPostsUnread(room.id, me.id, 30, 1);
  const messages = around.order.map((id) => around.posts[id].message);
  expect(messages).toEqual(['second unread', 'first unread', 'already read']);
  expect(around.next_post_id).toBe('');

  const sent = await client.createPost({ channel_id: room.id, message: 'hello from the Mattermost client' });
  const reaction = await client.addReaction(me.id, sent.id, 'thumbsup');
  expect(reaction.emoji_name).toBe('thumbsup');
  const seenByEve = await eve.api.get(`/api/v4/posts/${sent.id}/reactions`);
  expect(await seenByEve.json()).toEqual([expect.objectContaining({ user_id: me.id, emoji_name: 'thumbsup' })]);

  const statuses = await client.getStatusesByIds([me.id, eve.userId]);
  expect(statuses.map((status) => status.user_id)).toEqual([me.id, eve.userId]);
  expect(statuses[1].status).toBe('offline');
  const avatar = await fetch(client.getProfilePictureUrl(eve.userId, 0), {
    headers: { Authorization: `Bearer ${client.getToken()}` },
  });
  expect(avatar.status).toBe(200);
  expect(avatar.headers.get('content-type')).toBe('image/png');

  const preference = { user_id: me.id, category: 'display_settings', name: 'use_military_time', value: 'true' };
  await client.savePreferences(me.id, [preference]);
  expect(await client.getMyPreferences()).toEqual([preference]);
});
