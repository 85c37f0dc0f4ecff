// A bundled server of the journey's own, for journeys that stop and restart it: the binary that
// `cargo xtask test` built (BRISK_SERVER_BINARY), serving the built client (BRISK_STATIC_DIR), with
// the demo community in a data directory that outlives restarts.
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Session } from './api';

const READY = /^brisk listening on (http:\/\/\S+)/;

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the journeys with \`cargo xtask test e2e\``);
  return value;
}

/** Starts the binary (with `env` beside the inherited environment) and resolves once it prints its ready line. */
function launch(args: string[], env: Record<string, string> = {}): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(required('BRISK_SERVER_BINARY'), args, {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const ready = READY.exec(line);
      if (ready) resolve({ child, url: ready[1] });
    });
    child.once('exit', (code) => reject(new Error(`the server exited before it was ready (${code})`)));
    child.once('error', reject);
  });
}

export class OwnServer {
  private constructor(
    private child: ChildProcess,
    /** Base URL, e.g. `http://127.0.0.1:41234`. */
    readonly url: string,
    private readonly dataDir: string,
  ) {}

  /** The server binary from BRISK_SERVER_BINARY, with `options` beyond port and directories. */
  static async start(options: string[] = []): Promise<OwnServer> {
    const dataDir = mkdtempSync(join(tmpdir(), 'brisk-e2e-own-'));
    const { child, url } = await launch(OwnServer.args('0', dataDir, options));
    return new OwnServer(child, url, dataDir);
  }

  private static args(port: string, dataDir: string, options: string[]): string[] {
    return ['--port', port, '--data-dir', dataDir, '--static-dir', required('BRISK_STATIC_DIR'), ...options];
  }

  /**
   * Kills the server as abruptly as a crash, then starts it again on the same port and data,
   * with `options` (say, a bridges file naming a channel made in the first run) and `env` (say,
   * the password such a file names).
   */
  async restart(options: string[] = [], env: Record<string, string> = {}): Promise<void> {
    await this.kill();
    const port = new URL(this.url).port;
    this.child = (await launch(OwnServer.args(port, this.dataDir, options), env)).child;
  }

  async dispose(): Promise<void> {
    await this.kill();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  private kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGKILL');
    return exited;
  }
}

/**
 * Posts as `author`, retrying while the server is away. The `pending_post_id` makes a retry of a
 * post the server did store (its answer lost in the crash) come back as that same post.
 */
export async function postUntilAccepted(author: Session, channelId: string, message: string, pendingPostId: string) {
  for (;;) {
    try {
      const response = await author.api.post('/api/v4/posts', {
        data: { channel_id: channelId, message, pending_post_id: pendingPostId },
        timeout: 5_000,
      });
      if (response.ok()) return;
    } catch {
      // Connection refused while the server restarts: try again.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
