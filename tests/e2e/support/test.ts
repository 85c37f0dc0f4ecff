// The `test` every journey uses: Playwright's, plus a recorder of what the client sends to the
// server (HTTP requests and WebSocket actions) in every browser context of the test, including
// ones the test opens itself with `browser.newContext()`. `cargo xtask test e2e` then holds the
// log against Mattermost's API definitions (tests/api-contract/check_client_requests.mjs).
// Setup calls from Node (support/api.ts) are not the client's and are not recorded. An error
// thrown in any of the test's pages and not caught there fails the test.
import { BrowserContext, Page, Request, expect, test as base } from '@playwright/test';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { baseURL } from './launch';

export { expect };

const logDir = process.env.BRISK_CLIENT_REQUEST_LOG;
if (!logDir) {
  throw new Error('BRISK_CLIENT_REQUEST_LOG is not set: run the journeys with `cargo xtask test e2e`');
}
const appOrigin = new URL(baseURL!).origin;

// The lazily loaded parts of the wasm: the splitter's `split_<view>` and `chunk_<n>` files
// (xtask/src/split.rs), which the chunk loader fetches by name the first time a view is shown.
const lazyChunk = /\/(split|chunk)_[^/]*\.wasm$/;

/** Holds back every lazy chunk's answer by `delayMs` in `context` (none when 0); see
 * `chunkDelayMs`. Requests the app's service worker makes are routed too (Chromium), and a chunk
 * it answers from its cache comes at once, as it would. */
async function slowChunks(context: BrowserContext, delayMs: number) {
  if (delayMs > 0) {
    await context.route(lazyChunk, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      await route.continue();
    });
  }
}

type Body = { kind: 'object' | 'multipart'; fields: string[] } | { kind: 'array' | 'other' | 'unreadable' };

/** A request body as the check needs it: its kind and top-level field names, never its values. */
function bodyOf(request: Request): Body | null {
  const contentType = request.headers()['content-type'] ?? '';
  const raw = request.postDataBuffer();
  if (raw === null) {
    // Chromium does not hand over bodies that hold files (uploads): only their presence is known.
    return contentType ? { kind: 'unreadable' } : null;
  }
  if (contentType.startsWith('multipart/form-data')) {
    const fields = [...raw.toString('latin1').matchAll(/Content-Disposition: form-data; name="([^"]+)"/gi)].map((m) => m[1]);
    return { kind: 'multipart', fields: [...new Set(fields)] };
  }
  try {
    const json: unknown = JSON.parse(raw.toString('utf8'));
    if (Array.isArray(json)) return { kind: 'array' };
    if (json !== null && typeof json === 'object') return { kind: 'object', fields: Object.keys(json) };
  } catch {
    // Not JSON: recorded as such, the check says whether Mattermost takes it.
  }
  return { kind: 'other' };
}

/** What is recorded of a URL the client requests: everything on the app's origin, and API calls
 * to any origin (journeys with a server of their own load the app from it). */
function pathAndQuery(url: string): { path: string; query: string[] } | null {
  const parsed = new URL(url);
  if (parsed.origin !== appOrigin && !parsed.pathname.startsWith('/api/')) return null;
  return { path: parsed.pathname, query: [...new Set(parsed.searchParams.keys())] };
}

class Recorder {
  private readonly lines: string[] = [];
  private readonly watched = new WeakSet<BrowserContext>();

  constructor(private readonly journey: string) {}

  private record(entry: object) {
    this.lines.push(JSON.stringify({ journey: this.journey, ...entry }));
  }

  watch(context: BrowserContext) {
    if (this.watched.has(context)) return;
    this.watched.add(context);
    context.on('request', (request) => {
      const target = pathAndQuery(request.url());
      if (target) this.record({ method: request.method(), ...target, body: bodyOf(request), type: request.resourceType() });
    });
    context.on('page', (page) => this.watchSockets(page));
    context.pages().forEach((page) => this.watchSockets(page));
  }

  private watchSockets(page: Page) {
    page.on('websocket', (socket) => {
      const target = pathAndQuery(socket.url());
      if (!target) return;
      this.record({ method: 'GET', ...target, body: null, type: 'websocket' });
      socket.on('framesent', ({ payload }) => {
        try {
          const { action } = JSON.parse(payload.toString());
          this.record({ action: String(action) });
        } catch {
          this.record({ action: '(a frame that is not JSON)' });
        }
      });
    });
  }

  /** One write per test, to a file per worker process, so parallel workers never interleave. */
  save() {
    if (this.lines.length === 0) return;
    mkdirSync(logDir!, { recursive: true });
    appendFileSync(join(logDir!, `worker-${process.pid}.jsonl`), this.lines.join('\n') + '\n');
  }
}

/** Errors thrown in the test's pages and not caught there (a panic of the app's code traps the
 * wasm and shows here): each one fails the test, whatever the page looked like after it. */
class PageErrors {
  readonly errors: string[] = [];
  private readonly watched = new WeakSet<BrowserContext>();

  watch(context: BrowserContext) {
    if (this.watched.has(context)) return;
    this.watched.add(context);
    const listen = (page: Page) => page.on('pageerror', (error) => this.errors.push(`${page.url()}: ${error.stack ?? error.message}`));
    context.on('page', listen);
    context.pages().forEach(listen);
  }
}

/** What a project of playwright.config.ts can set. */
export type TestOptions = { chunkDelayMs: number };

export const test = base.extend<{ clientRequests: Recorder; pageErrors: PageErrors } & TestOptions>({
  // How much later every lazy chunk answers, in every context of the test (its own ones too);
  // the `desktop-slow-chunks` project sets it (playwright.config.ts).
  chunkDelayMs: [0, { option: true }],
  pageErrors: [
    async ({}, use) => {
      const pageErrors = new PageErrors();
      await use(pageErrors);
      expect(pageErrors.errors, 'errors thrown in the pages').toEqual([]);
    },
    { auto: true },
  ],
  clientRequests: [
    async ({ browser, chunkDelayMs, pageErrors }, use, testInfo) => {
      const recorder = new Recorder(`${testInfo.titlePath.join(' › ')} [${testInfo.project.name}]`);
      // The contexts a test opens itself with `browser.newContext()`.
      const newContext = browser.newContext;
      browser.newContext = async (...args) => {
        const context = await newContext.apply(browser, args);
        recorder.watch(context);
        pageErrors.watch(context);
        await slowChunks(context, chunkDelayMs);
        return context;
      };
      await use(recorder);
      browser.newContext = newContext;
      recorder.save();
    },
    { auto: true },
  ],
  // The built-in one, behind the `page` fixture.
  context: async ({ context, clientRequests, pageErrors, chunkDelayMs }, use) => {
    clientRequests.watch(context);
    pageErrors.watch(context);
    await slowChunks(context, chunkDelayMs);
    await use(context);
  },
});
