// `cargo xtask bench slow4g`: a person opens a channel's link on a slow phone, signs in and reads.
// The profile is Lighthouse's Slow-4G as Chromium applies it through DevTools: 150 ms added to
// every round trip, 1.6 Mbps down, 750 Kbps up, the CPU slowed 4x; a fresh browser each run
// (nothing cached). The page records its own times (an init script watching the DOM, on the
// page's clock from the navigation's start), so Playwright's polling adds nothing. Prints the
// median of 3 runs with the form filled at once (a password manager: the click comes before the
// app runs): link → login form shown, sign-in click → first message shown, and the bytes that
// crossed the network; then of 3 runs with the name and password typed at a person's pace: the
// sign-in click → first message, what signing in costs once the app runs; then of 3 runs of an
// invite link: link → sign-up form shown, "Create account" → message box shown. A benchmark, not
// a test: it asserts only that the journey happened.
import { Browser, Page, expect, test } from '@playwright/test';
import { channel, post, teamWithUsers, uniqueName } from '../support/api';
import { median, phoneContext, seconds, throttle } from './slow_phone';

const RUNS = 3;

interface Run {
  loginForm: number;
  appRunning: number;
  clicked: number;
  firstMessage: number;
  afterLoginAnswer: number;
  total: number;
  bytes: number;
  timeline: string[];
}

declare global {
  interface Window { briskBench: { loginForm?: number; appRunning?: number; firstMessage?: number; clickedAt?: number } }
}

/** Runs in the page before its own scripts: notes when the login form appears (painted by the
 * start script, or drawn by the app), when the app's own form is there (the painted one taken
 * over: the app is running), when the first post appears, and for an invite link when the
 * sign-up form and then the message box appear. */
function watchMilestones() {
  window.briskBench = {};
  const marks = window.briskBench;
  new MutationObserver(() => {
    if (marks.loginForm === undefined && document.querySelector('input#password')) {
      marks.loginForm = performance.now();
    }
    if (marks.appRunning === undefined && document.querySelector('input#password') && !document.querySelector('[data-before-app]')) {
      marks.appRunning = performance.now();
    }
    if (marks.firstMessage === undefined && document.querySelector('[data-testid=post]')) {
      marks.firstMessage = performance.now();
    }
    if (marks.signUpForm === undefined && document.querySelector('input#signup-email')) {
      marks.signUpForm = performance.now();
    }
    if (marks.messageBox === undefined && document.querySelector('textarea[aria-label^="Write to"]')) {
      marks.messageBox = performance.now();
    }
  }).observe(document, { childList: true, subtree: true });
  document.addEventListener(
    'click',
    (event) => {
      if ((event.target as Element).closest('button[type=submit]')) {
        marks.clickedAt = performance.now();
      }
    },
    true,
  );
}

/**
 * The API requests and the event stream's opening, as "start–end ms METHOD path" from the
 * sign-in click on the page's clock (each response's end as the browser saw it), to show which
 * went out together and which waited for another's answer.
 */
interface Timeline { lines: string[]; loginAnswered: number }

function requestsAfterClick(page: Page): (clickedAt: number) => Promise<Timeline> {
  const seen: { start: number; end: number; label: string }[] = [];
  page.on('requestfinished', (request) => {
    const path = new URL(request.url()).pathname;
    if (!path.startsWith('/api/v4/')) return;
    const timing = request.timing();
    seen.push({
      start: timing.startTime,
      end: timing.startTime + timing.responseEnd,
      label: `${request.method()} ${path.replace('/api/v4', '')}`,
    });
  });
  page.on('websocket', (socket) => {
    const opened = Date.now();
    socket.waitForEvent('framereceived').then(() => {
      seen.push({ start: opened, end: Date.now(), label: 'event stream: open → first frame' });
    }, () => {});
  });
  return async (clickedAt) => {
    const click = (await page.evaluate(() => performance.timeOrigin)) + clickedAt;
    const after = seen.filter((r) => r.end >= click).sort((a, b) => a.start - b.start);
    const login = after.find((r) => r.label === 'POST /users/login');
    return {
      lines: after.map((r) => `${Math.round(r.start - click)}–${Math.round(r.end - click)} ms ${r.label}`),
      loginAnswered: login ? login.end - click : 0,
    };
  };
}

/** A person typing on a phone's keyboard: about 7 keys a second. */
const KEYSTROKE_MS = 150;

/** One fresh phone per run opening `link` and signing in on the login form as soon as it shows:
 * filled at once (a password manager) or typed key by key. */
async function measure(
  browser: Browser,
  link: string,
  reader: { username: string; password: string },
  signInWhen: 'filled at once' | 'typed',
): Promise<Run[]> {
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await phoneContext(browser);
    await context.addInitScript(watchMilestones);
    const page = await context.newPage();
    const { bytes } = await throttle(page);
    const requests = requestsAfterClick(page);

    await page.goto(link);
    await page.locator('input#password').waitFor();
    if (signInWhen === 'filled at once') {
      await page.getByLabel('Email or Username').fill(reader.username);
      await page.getByLabel('Password').fill(reader.password);
    } else {
      await page.getByLabel('Email or Username').pressSequentially(reader.username, { delay: KEYSTROKE_MS });
      await page.getByLabel('Password').pressSequentially(reader.password, { delay: KEYSTROKE_MS });
    }
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page.getByTestId('post').filter({ hasText: 'Welcome!' })).toBeVisible();

    const marks = await page.evaluate(() => window.briskBench);
    const timeline = await requests(marks.clickedAt!);
    runs.push({
      loginForm: marks.loginForm! / 1000,
      appRunning: marks.appRunning! / 1000,
      clicked: marks.clickedAt! / 1000,
      firstMessage: (marks.firstMessage! - marks.clickedAt!) / 1000,
      afterLoginAnswer: (marks.firstMessage! - marks.clickedAt! - timeline.loginAnswered) / 1000,
      total: (marks.loginForm! + marks.firstMessage! - marks.clickedAt!) / 1000,
      bytes: bytes(),
      timeline: timeline.lines,
    });
    await context.close();
  }
  return runs;
}

function printRequests(runs: Run[]) {
  const medianRun = runs.find((r) => r.firstMessage === median(runs.map((run) => run.firstMessage)))!;
  console.log('requests after the sign-in click (median run):');
  for (const line of medianRun.timeline) console.log(`  ${line}`);
}

test.setTimeout(10 * 60_000);

test('a newcomer on a slow phone: channel link → login → first message', async ({ browser }) => {
  const { team, users } = await teamWithUsers(1);
  const [reader] = users;
  const room = await channel(team, reader);
  await post(reader, room.id, 'Welcome! The meeting notes are in the channel header.');
  const link = `/${team.name}/channels/${room.name}`;

  const atOnce = await measure(browser, link, reader, 'filled at once');
  console.log(`| slow phone runs (Slow-4G: 150 ms RTT, 1.6 Mbps, CPU 4x; fresh browser) | ${RUNS} |`);
  console.log(`| channel link → login form shown (median) | ${seconds(median(atOnce.map((r) => r.loginForm)))} |`);
  console.log(`| channel link → the app's own form (app running) (median) | ${seconds(median(atOnce.map((r) => r.appRunning)))} |`);
  console.log(`| filled at once: sign-in click → first message shown (median) | ${seconds(median(atOnce.map((r) => r.firstMessage)))} |`);
  // The login's answer waits for the password hash (Argon2, slow on purpose), which varies with
  // the machine's load; what follows it is the client's and the network's share.
  console.log(`| login answered → first message shown (median) | ${seconds(median(atOnce.map((r) => r.afterLoginAnswer)))} |`);
  console.log(`| both, without the typing (median) | ${seconds(median(atOnce.map((r) => r.total)))} |`);
  console.log(`| bytes on the wire (median) | ${(median(atOnce.map((r) => r.bytes)) / 1024).toFixed(1)} KB |`);
  printRequests(atOnce);

  // Typing takes a person seconds, by which time the app runs: what signing in itself costs.
  const afterTyping = await measure(browser, link, reader, 'typed');
  console.log(`| typed: channel link → sign-in click (median) | ${seconds(median(afterTyping.map((r) => r.clicked)))} |`);
  console.log(`| typed: sign-in click → first message shown (median) | ${seconds(median(afterTyping.map((r) => r.firstMessage)))} |`);
  console.log(`| typed: login answered → first message shown (median) | ${seconds(median(afterTyping.map((r) => r.afterLoginAnswer)))} |`);
  printRequests(afterTyping);
});

test('an invitee on a slow phone: invite link → sign-up form → message box', async ({ browser }) => {
  const { team } = await teamWithUsers(0);
  const runs: { signUpForm: number; messageBox: number }[] = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await phoneContext(browser);
    await context.addInitScript(watchMilestones);
    const page = await context.newPage();
    await throttle(page);
    const name = uniqueName('slow');
    await page.goto(`/signup_user_complete/?id=${team.invite_id}`);
    await page.getByLabel('Email').fill(`${name}@example.org`);
    await page.getByLabel('Username').fill(name);
    await page.getByLabel('Password').fill('a-long-password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByRole('textbox', { name: 'Write to Town Square' })).toBeVisible();
    const marks = await page.evaluate(() => window.briskBench);
    runs.push({ signUpForm: marks.signUpForm! / 1000, messageBox: (marks.messageBox! - marks.clickedAt!) / 1000 });
    await context.close();
  }
  console.log(`| invite link → sign-up form shown (median of ${RUNS}) | ${seconds(median(runs.map((r) => r.signUpForm)))} |`);
  console.log(`| "Create account" → message box shown (median) | ${seconds(median(runs.map((r) => r.messageBox)))} |`);
});
