// Real Matrix for the Matrix bridge's journey: a Synapse of the journey's own, from the project's
// virtualenv (`cargo xtask setup`), on a free loopback port, configured from the homeserver.yaml
// the bridge's server tests and `cargo xtask serve --matrix` use; and people on it, driven through
// the client-server API with plain fetch calls as a Matrix client would make them.
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from './irc';

const ROOT = resolve(__dirname, '../../..');
const PYTHON = process.env.BRISK_SYNAPSE_PYTHON ?? join(ROOT, '.venv-synapse/bin/python');
/** User ids and room aliases end in `:localhost`. */
export const SERVER_NAME = 'localhost';
/** The variable the bridges file names for the bridge account's password. */
const PASSWORD_ENV = 'BRISK_MATRIX_PASSWORD';

let counter = 0;
function unique(name: string): string {
  counter += 1;
  return `${name}${counter}x${process.pid}`;
}

/** One client-server call; anything but a success throws with Matrix's error. */
async function call(base: string, token: string | null, method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${base}/_matrix/client/v3${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = await response.json().catch(() => null);
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}

export class Synapse {
  private constructor(private readonly child: ChildProcess, readonly port: number, private readonly dir: string) {}

  /** Starts Synapse on a free port and resolves once it answers. */
  static async start(): Promise<Synapse> {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'brisk-e2e-synapse-'));
    const config = join(dir, 'homeserver.yaml');
    writeFileSync(
      config,
      readFileSync(join(ROOT, 'tests/synapse/homeserver.yaml'), 'utf8')
        .replaceAll('@DIR@', dir)
        .replaceAll('@PORT@', String(port)),
    );
    const seed = randomBytes(32).toString('base64').replace(/=+$/, '');
    writeFileSync(join(dir, 'signing.key'), `ed25519 a_e2e ${seed}\n`);
    const log = openSync(join(dir, 'synapse.log'), 'a');
    const child = spawn(PYTHON, ['-m', 'synapse.app.homeserver', '-c', config], { stdio: ['ignore', log, log] });
    const synapse = new Synapse(child, port, dir);
    // Synapse makes its database at the first start: many seconds on a busy machine.
    const deadline = Date.now() + 90_000;
    while (!(await synapse.answers())) {
      if (child.exitCode !== null || Date.now() > deadline) {
        const output = readFileSync(join(dir, 'synapse.log'), 'utf8').slice(-2000);
        synapse.dispose();
        throw new Error(`Synapse did not start on ${port} (install it with \`cargo xtask setup\`):\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return synapse;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private async answers(): Promise<boolean> {
    try {
      return (await fetch(`${this.url}/_matrix/client/versions`)).ok;
    } catch {
      return false;
    }
  }

  /** Registers a new account under a name no other call uses, shown as `displayName`. */
  async person(name: string, displayName: string): Promise<MatrixPerson> {
    const username = unique(name);
    const password = `pw-${username}`;
    const registered = await call(this.url, null, 'POST', '/register', {
      username, password, auth: { type: 'm.login.dummy' },
    });
    const person = new MatrixPerson(this.url, registered.user_id, registered.access_token, password);
    await call(this.url, person.token, 'PUT', `/profile/${encodeURIComponent(person.userId)}/displayname`, {
      displayname: displayName,
    });
    return person;
  }

  /** A bridges file linking `teamChannel` with `roomAlias` here, signed in as `bridge`. */
  bridgeLink(teamChannel: string, roomAlias: string, bridge: MatrixPerson): { bridgesFile: string; env: Record<string, string> } {
    const bridgesFile = join(this.dir, 'bridges.toml');
    writeFileSync(bridgesFile, [
      '[[bridge]]', `channel = "${teamChannel}"`, `matrix = "${this.url}"`, `room = "${roomAlias}"`,
      `user = "${bridge.userId}"`, `password_env = "${PASSWORD_ENV}"`, '',
    ].join('\n'));
    return { bridgesFile, env: { [PASSWORD_ENV]: bridge.password } };
  }

  dispose(): void {
    this.child.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface Said { sender: string; body: string }

/** Someone in a Matrix client. */
export class MatrixPerson {
  constructor(private readonly base: string, readonly userId: string, readonly token: string, readonly password: string) {}

  /** Makes a public room with the alias `#alias:localhost`; returns its id. */
  async createRoom(alias: string): Promise<string> {
    const made = await call(this.base, this.token, 'POST', '/createRoom', { room_alias_name: alias, preset: 'public_chat' });
    return made.room_id;
  }

  async say(roomId: string, text: string): Promise<void> {
    const path = `/rooms/${encodeURIComponent(roomId)}/send/m.room.message/${unique('txn')}`;
    await call(this.base, this.token, 'PUT', path, { msgtype: 'm.text', body: text });
  }

  /** The room's messages, oldest first (of its newest hundred events). */
  async messages(roomId: string): Promise<Said[]> {
    const page = await call(this.base, this.token, 'GET', `/rooms/${encodeURIComponent(roomId)}/messages?dir=b&limit=100`);
    return (page.chunk as any[])
      .filter((event) => event.type === 'm.room.message')
      .map((event) => ({ sender: event.sender, body: event.content.body }))
      .reverse();
  }

  /** Waits up to `timeout` ms for a message with this body in the room. */
  async waitFor(roomId: string, body: string, timeout = 15_000): Promise<Said> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const found = (await this.messages(roomId)).find((said) => said.body === body);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no message ${JSON.stringify(body)} in the Matrix room in time`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
