// Real IRC for the bridge journeys: an ngircd of the journey's own on a free loopback port, and a
// raw IRC client over `net` that plays the person on the IRC side.
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const NGIRCD = process.env.BRISK_NGIRCD ?? '/usr/sbin/ngircd';

/** A port nothing listens on now, on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

export class Ngircd {
  private constructor(private readonly child: ChildProcess, readonly port: number, readonly dir: string) {}

  /** Starts ngircd on a free port and resolves once it accepts connections. */
  static async start(): Promise<Ngircd> {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'brisk-e2e-irc-'));
    const conf = join(dir, 'ngircd.conf');
    const uid = process.getuid?.() ?? 0;
    const gid = process.getgid?.() ?? 0;
    writeFileSync(conf, [
      '[Global]', '\tName = irc.test.local', '\tInfo = test', '\tListen = 127.0.0.1', `\tPorts = ${port}`,
      `\tServerUID = ${uid}`, `\tServerGID = ${gid}`,
      '[Limits]', '\tMaxConnectionsIP = 0', '\tMaxJoins = 0', '\tMaxNickLength = 30', '\tMaxPenaltyTime = 0',
      '[Options]', '\tPAM = no', '\tIdent = no', '\tDNS = no', '',
    ].join('\n'));
    const child = spawn(NGIRCD, ['-n', '-f', conf], { stdio: 'ignore' });
    const deadline = Date.now() + 10_000;
    while (!(await canConnect(port))) {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`ngircd did not start on ${port} (install it with \`cargo xtask setup\`)`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return new Ngircd(child, port, dir);
  }

  url(room: string): string {
    return `irc://127.0.0.1:${this.port}/${room}`;
  }

  /** A bridges file linking `team/channel` to `room` here, for `brisk-server --bridges`. */
  bridgesFile(teamChannel: string, room: string): string {
    const file = join(this.dir, 'bridges.toml');
    writeFileSync(file, `[[bridge]]\nchannel = "${teamChannel}"\nirc = "${this.url(room)}"\nnick = "brisk"\n`);
    return file;
  }

  dispose(): void {
    this.child.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface Said { nick: string; text: string }

/** A person on IRC, registered and in one room. */
export class IrcClient {
  private buffer = '';
  private lines: string[] = [];
  private wakeUp: (() => void) | null = null;

  private constructor(private readonly socket: Socket, private readonly room: string) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      let end: number;
      while ((end = this.buffer.indexOf('\r\n')) >= 0) {
        const line = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        if (line.startsWith('PING ')) socket.write(`PONG ${line.slice(5)}\r\n`);
        else this.lines.push(line);
      }
      this.wakeUp?.();
    });
  }

  /** Connects as `nick` and resolves once in `room`. */
  static async join(port: number, nick: string, room: string): Promise<IrcClient> {
    const socket = createConnection({ host: '127.0.0.1', port });
    await new Promise<void>((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject); });
    const client = new IrcClient(socket, room);
    socket.write(`NICK ${nick}\r\nUSER ${nick} 0 * :${nick}\r\n`);
    await client.waitFor((line) => / 001 /.test(line));
    socket.write(`JOIN ${room}\r\n`);
    await client.waitFor((line) => / 366 /.test(line));
    return client;
  }

  say(text: string): void {
    this.socket.write(`PRIVMSG ${this.room} :${text}\r\n`);
  }

  /** The next line matching `matches`, waiting up to `timeout` ms for it. */
  async waitFor(matches: (line: string) => boolean, timeout = 15_000): Promise<string> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const line = this.lines.shift();
      if (line !== undefined) {
        if (matches(line)) return line;
        continue;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('no matching IRC line in time');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wakeUp = () => { clearTimeout(timer); resolve(); };
      });
      this.wakeUp = null;
    }
  }

  /** The next PRIVMSG said in the room. */
  async nextSaid(timeout?: number): Promise<Said> {
    const line = await this.waitFor((l) => / PRIVMSG /.test(l), timeout);
    const match = /^:([^!\s]+)\S* PRIVMSG \S+ :(.*)$/.exec(line);
    if (!match) throw new Error(`not a PRIVMSG: ${line}`);
    return { nick: match[1], text: match[2] };
  }

  quit(): void {
    this.socket.end('QUIT :bye\r\n');
  }
}
