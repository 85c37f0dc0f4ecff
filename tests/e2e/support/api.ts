// Test data made through the real Mattermost API of the bundled server: every journey creates its
// own team, users and channels, so tests don't depend on each other or on their order.
import { APIRequestContext, Page, expect, request } from '@playwright/test';

export const DEMO_PASSWORD = 'brisk-demo';
const baseURL = process.env.BRISK_URL!;

let counter = 0;
/** A name unique across workers and runs, valid for usernames, team and channel names. */
export function uniqueName(prefix: string): string {
  counter += 1;
  const stamp = Date.now().toString(36).slice(-6);
  const random = Math.random().toString(36).slice(2, 6);
  return `${prefix}${stamp}${random}${counter}`.toLowerCase().slice(0, 22);
}

export interface Session {
  api: APIRequestContext;
  userId: string;
  username: string;
  password: string;
}

async function tokenSession(loginId: string, password: string, base = baseURL): Promise<Session> {
  const anonymous = await request.newContext({ baseURL: base });
  const response = await anonymous.post('/api/v4/users/login', { data: { login_id: loginId, password } });
  expect(response.status(), `login as ${loginId}`).toBe(200);
  const token = response.headers()['token'];
  const user = await response.json();
  await anonymous.dispose();
  const api = await request.newContext({
    baseURL: base,
    // A connection per request: the server closes a kept-alive connection idle for 10 s, and a
    // request sent on it just then is reset (Node, unlike a browser, does not send it again).
    extraHTTPHeaders: { Authorization: `Bearer ${token}`, Connection: 'close' },
  });
  return { api, userId: user.id, username: user.username, password };
}

/** The demo system admin, who creates the test's teams and users (on the server at `base`). */
export function admin(base = baseURL): Promise<Session> {
  return tokenSession('alice', DEMO_PASSWORD, base);
}

async function ok<T>(response: Awaited<ReturnType<APIRequestContext['post']>>, what: string): Promise<T> {
  expect(response.ok(), `${what}: ${response.status()} ${await response.text()}`).toBeTruthy();
  return response.json();
}

export interface Team { id: string; name: string; display_name: string; invite_id: string }
export interface Channel { id: string; name: string; display_name: string }

async function newTeam(root: Session): Promise<Team> {
  const name = uniqueName('team');
  return ok<Team>(
    await root.api.post('/api/v4/teams', { data: { name, display_name: `Team ${name}`, type: 'O' } }),
    'create team',
  );
}

/** A fresh team with `count` fresh users in it (and in its town-square), on the server at `base`. */
export async function teamWithUsers(count: number, base = baseURL): Promise<{ team: Team; users: Session[] }> {
  const root = await admin(base);
  const team = await newTeam(root);
  const users: Session[] = [];
  for (let i = 0; i < count; i++) {
    const username = uniqueName('user');
    const password = `pw-${username}`;
    const user = await ok<{ id: string }>(
      await root.api.post('/api/v4/users', {
        data: { username, password, email: `${username}@example.org`, first_name: '', last_name: '' },
      }),
      'create user',
    );
    await ok(
      await root.api.post(`/api/v4/teams/${team.id}/members`, { data: { team_id: team.id, user_id: user.id } }),
      'add to team',
    );
    users.push(await tokenSession(username, password, base));
  }
  await root.api.dispose();
  return { team, users };
}

/** Another fresh team that `members` (from `teamWithUsers`) join too. */
export async function anotherTeam(members: Session[]): Promise<Team> {
  const root = await admin();
  const team = await newTeam(root);
  await root.api.dispose();
  await addToTeam(team, members);
  return team;
}

/** A fresh open channel created by `owner`, joined by `members`. */
export async function channel(
  team: Team,
  owner: Session,
  members: Session[] = [],
  extra: { header?: string; purpose?: string; type?: 'O' | 'P' } = {},
): Promise<Channel> {
  const name = uniqueName('chan');
  const created = await ok<Channel>(
    await owner.api.post('/api/v4/channels', {
      data: { team_id: team.id, name, display_name: `Channel ${name}`, type: 'O', ...extra },
    }),
    'create channel',
  );
  for (const member of members) {
    await ok(
      await member.api.post(`/api/v4/channels/${created.id}/members`, { data: { user_id: member.userId } }),
      'join channel',
    );
  }
  return created;
}

/** Post `message` in `channelId` as `author` through the API. */
export async function post(author: Session, channelId: string, message: string): Promise<{ id: string }> {
  return ok(await author.api.post('/api/v4/posts', { data: { channel_id: channelId, message } }), 'create post');
}

/** Reply `message` to the thread of `rootId` in `channelId` as `author` through the API. */
export async function reply(author: Session, channelId: string, rootId: string, message: string): Promise<{ id: string }> {
  return ok(
    await author.api.post('/api/v4/posts', { data: { channel_id: channelId, root_id: rootId, message } }),
    'create reply',
  );
}

/** `reader` reads the channel (as opening it would), so it starts with nothing unread. */
export async function markRead(reader: Session, channelId: string) {
  await ok(
    await reader.api.post('/api/v4/channels/members/me/view', { data: { channel_id: channelId } }),
    'view channel',
  );
}

/** `reader` reads every channel they are in on `team` (join messages included). */
export async function markAllRead(reader: Session, team: Team) {
  const response = await reader.api.get(`/api/v4/users/me/teams/${team.id}/channels`);
  for (const { id } of await ok<Channel[]>(response, 'my channels')) await markRead(reader, id);
}

/** Log in through the login form and wait for the app to show the team: its sidebar, or on a
 * phone the button that opens it. */
export async function logIn(page: Page, session: Pick<Session, 'username' | 'password'>, path = '/login') {
  await page.goto(path);
  await page.getByLabel('Email or Username').fill(session.username);
  await page.getByLabel('Password').fill(session.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  const shown = page.getByRole('navigation', { name: 'Channels' }).or(page.getByRole('button', { name: 'Show channels' }));
  await expect(shown.filter({ visible: true })).toBeVisible();
}

/** Adds `members` to `team` (and so to its town-square), as the demo admin. */
export async function addToTeam(team: Team, members: Session[]): Promise<void> {
  const root = await admin();
  for (const member of members) {
    await ok(
      await root.api.post(`/api/v4/teams/${team.id}/members`, { data: { team_id: team.id, user_id: member.userId } }),
      'add to team',
    );
  }
  await root.api.dispose();
}

/** The team's town-square, as `member` sees it. */
export async function townSquare(team: Team, member: Session): Promise<Channel> {
  return ok(await member.api.get(`/api/v4/teams/${team.id}/channels/name/town-square`), 'town-square');
}
