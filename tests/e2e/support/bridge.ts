// A channel bridged with another chat network, for the bridge journeys and bench: a server of the
// journey's own started with a bridges file naming a fresh channel, alice reading the channel in
// brisk. The IRC side is an ngircd of its own with ann in the room; the Matrix side is whatever
// homeserver the journey started (support/matrix.ts).
import { Browser, BrowserContext, Locator, Page } from '@playwright/test';
import { Channel, Session, channel, logIn, teamWithUsers } from './api';
import { IrcClient, Ngircd } from './irc';
import { OwnServer } from './server';

export const ROOM = '#oxbow';

/** How the server reaches the other side: its bridges file, and the environment it needs. */
export interface BridgeLink {
  bridgesFile: string;
  env?: Record<string, string>;
}

export interface BridgedPage {
  alice: Session;
  room: Channel;
  page: Page;
  composer: Locator;
  dispose(): Promise<void>;
}

/** A fresh channel, bridged by the file `link` writes for its `team/channel`, open for alice. */
export async function channelBridgedBy(
  browser: Browser,
  link: (teamChannel: string) => BridgeLink,
): Promise<BridgedPage> {
  const server = await OwnServer.start();
  let context: BrowserContext | undefined;
  const dispose = async () => {
    await context?.close();
    await server.dispose();
  };
  try {
    const { team, users: [alice] } = await teamWithUsers(1, server.url);
    const room = await channel(team, alice);
    // The bridges file is read at start-up: start again with the new channel bridged.
    const { bridgesFile, env } = link(`${team.name}/${room.name}`);
    await server.restart(['--bridges', bridgesFile], env);
    context = await browser.newContext({ baseURL: server.url });
    const page = await context.newPage();
    await logIn(page, alice, `/${team.name}/channels/${room.name}`);
    const composer = page.getByRole('textbox', { name: `Write to ${room.display_name}` });
    return { alice, room, page, composer, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

export interface BridgedChannel extends BridgedPage {
  irc: Ngircd;
  ann: IrcClient;
}

/** A channel bridged with #oxbow on an ngircd of its own, where ann is. */
export async function bridgedChannel(browser: Browser): Promise<BridgedChannel> {
  const irc = await Ngircd.start();
  let bridged: BridgedPage | undefined;
  let ann: IrcClient | undefined;
  const dispose = async () => {
    ann?.quit();
    await bridged?.dispose();
    irc.dispose();
  };
  try {
    bridged = await channelBridgedBy(browser, (teamChannel) => ({
      bridgesFile: irc.bridgesFile(teamChannel, ROOM),
    }));
    ann = await IrcClient.join(irc.port, 'ann', ROOM);
    return { ...bridged, irc, ann, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
