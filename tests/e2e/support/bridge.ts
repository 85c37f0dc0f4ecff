// A channel bridged with IRC, for the bridge's journey and bench: a server of the journey's own
// started with a bridges file naming a fresh channel, an ngircd of its own, alice reading the
// channel in brisk and ann in the IRC room.
import { Browser, BrowserContext, Locator, Page } from '@playwright/test';
import { Channel, Session, channel, logIn, teamWithUsers } from './api';
import { IrcClient, Ngircd } from './irc';
import { OwnServer } from './server';

export const ROOM = '#oxbow';

export interface BridgedChannel {
  irc: Ngircd;
  ann: IrcClient;
  alice: Session;
  room: Channel;
  page: Page;
  composer: Locator;
  dispose(): Promise<void>;
}

export async function bridgedChannel(browser: Browser): Promise<BridgedChannel> {
  const irc = await Ngircd.start();
  const server = await OwnServer.start();
  let ann: IrcClient | undefined;
  let context: BrowserContext | undefined;
  const dispose = async () => {
    ann?.quit();
    await context?.close();
    await server.dispose();
    irc.dispose();
  };
  try {
    const { team, users: [alice] } = await teamWithUsers(1, server.url);
    const room = await channel(team, alice);
    // The bridges file is read at start-up: start again with the new channel bridged.
    await server.restart(['--bridges', irc.bridgesFile(`${team.name}/${room.name}`, ROOM)]);
    ann = await IrcClient.join(irc.port, 'ann', ROOM);
    context = await browser.newContext({ baseURL: server.url });
    const page = await context.newPage();
    await logIn(page, alice, `/${team.name}/channels/${room.name}`);
    const composer = page.getByRole('textbox', { name: `Write to ${room.display_name}` });
    return { irc, ann, alice, room, page, composer, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
