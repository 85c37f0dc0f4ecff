// Starts the app from a file instead of trunk's inline module script, so the server's
// Content-Security-Policy allows no inline script. Trunk.toml's pattern_script puts this file's
// <script> tag in index.html with the hashed names of the wasm-bindgen glue and the wasm.
//
// A classic script in the page's head, so it runs before the first paint: the theme chosen last
// time (kept on the device by src/browser/theme.rs) is on the root element before anything shows.
try {
  const theme = localStorage.getItem('brisk.theme');
  if (theme) document.documentElement.dataset.theme = theme;
} catch (_) {
  // Storage disabled: the device's light or dark until the preference is read.
}

// The service worker keeps the app shell for repeat visits (assets/sw.js). Registered before the
// wasm loads so the listener is in place before the page's load event.
if ('serviceWorker' in navigator) {
  addEventListener('load', () => navigator.serviceWorker.register('/sw.js').catch(() => {}));
}

// The last screen as the app drew it (kept by src/persist/screen.rs, erased on logout), painted
// as soon as the page is parsed, long before the wasm is loaded and started: a picture, marked
// as saved, that nothing can be done with (inert) and that screen readers skip (the live app,
// which takes it down as it draws its own screen, is what they read). Only for the address it
// was taken at; its markup is the app's own, already escaped, and scripts in markup never run.
function paintSavedScreen() {
  let saved = null;
  try {
    saved = JSON.parse(localStorage.getItem('brisk.saved-screen'));
  } catch (_) {
    return;
  }
  if (!saved || saved.path !== location.pathname || document.getElementById('saved-screen')) return;
  const screen = document.createElement('div');
  screen.id = 'saved-screen';
  screen.className = 'saved-screen';
  screen.inert = true;
  screen.setAttribute('aria-hidden', 'true');
  screen.innerHTML = saved.html;
  const label = document.createElement('p');
  label.className = 'saved-screen-label';
  label.textContent = 'Saved from your last visit · connecting…';
  screen.prepend(label);
  document.body.prepend(screen);
  const list = screen.querySelector('[data-saved-testid=post-list]');
  if (list) list.scrollTop = list.scrollHeight - list.clientHeight - (saved.from_bottom || 0);
}

// Whether someone is signed in on this device, as far as the browser knows: the server sets the
// readable MMUSERID cookie beside the session's (HttpOnly) one at login and clears both at logout
// (as Mattermost does, whose web app asks the same question of it).
function signedIn() {
  return document.cookie.split(';').some((pair) => pair.trim().startsWith('MMUSERID='));
}

// The addresses where the app shows a signed-out visitor the login form: the login page, the
// home page, the admin console and a team's pages (a channel link), not the sign-up and password
// reset pages, which have forms of their own.
const LANDS_ON_LOGIN =
  /^\/(?:login|admin_console|(?!signup_user_complete|reset_password_complete)[^/]+(?:\/(?:channels|messages|pl)\/[^/]+|\/catch-up)?)?\/?$/;

// For a visitor with no session on this device, the login form the app would draw (index.html's
// template, the app's own markup), painted as soon as the page is parsed and typed into at once.
// The app takes it over when it starts (src/browser/form_before_app.rs): the values typed, the
// field with the focus and its caret, and a "Log in" pressed meanwhile. That login is sent at
// once (a password manager fills the form long before the wasm has arrived), and the app reads
// its answer as its own login's (a wrong password, an account locked): `loginSent` on the form.
// Until then the form says it is waiting.
function paintLoginForm() {
  const template = document.getElementById('login-form-before-app');
  if (!template || document.querySelector('[data-before-app]')) return;
  const page = template.content.firstElementChild.cloneNode(true);
  page.dataset.beforeApp = '';
  const form = page.querySelector('form');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (form.dataset.submitted !== undefined) return;
    form.dataset.submitted = '';
    form.setAttribute('aria-busy', 'true');
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    button.before(formMessage('form-status', 'status', 'Signing in…'));
    if (sessionLeftOpen()) return;
    form.loginSent = sendLogin(form);
    form.loginSent.then((answer) => answer.ok && askForChannelPage(), () => {});
  });
  document.body.prepend(page);
}

// POST /users/login as the app's own login sends it (src/api/users.rs); the session's cookies
// come with the answer, which the app decodes.
function sendLogin(form) {
  return fetch('/api/v4/users/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'XMLHttpRequest' },
    body: JSON.stringify({ login_id: form.elements.login_id.value.trim(), password: form.elements.password.value }),
  });
}

// A channel's link: /{team}/channels/{channel}.
const CHANNEL_LINK = /^\/([^/]+)\/channels\/([^/]+)\/?$/;

// Answers the app will want, asked for before it runs: a `Map` from a path under /api/v4 to the
// promise of its `Response`. The app takes each answer for its own first request of the same
// path (src/api/http.rs) instead of asking again.
function askBeforeApp(path) {
  const answers = (window.briskAnswersBeforeApp ??= new Map());
  const answer = fetch(`/api/v4${path}`, { headers: { 'X-Requested-With': 'XMLHttpRequest' } });
  answer.catch(() => {});
  answers.set(path, answer);
  return answer;
}

// What the app asks for first on a channel's page once signed in (src/actions/teams.rs,
// open_team: the client's settings, my teams and preferences, the channel by its names, then my
// channels in its team and its newest posts), asked here as soon as the early login is answered,
// while the wasm is still on its way. They were fetched before the app's event stream started,
// so the app catches up on what happened in between once it has.
function askForChannelPage() {
  const link = CHANNEL_LINK.exec(location.pathname);
  if (!link || appStarted) return;
  let team, channelName;
  try {
    [team, channelName] = link.slice(1).map((part) => encodeURIComponent(decodeURIComponent(part)));
  } catch (_) {
    return;
  }
  ['/config/client?format=old', '/users/me/teams', '/users/me/teams/members', '/users/me/preferences'].forEach(askBeforeApp);
  askBeforeApp(`/teams/name/${team}/channels/name/${channelName}?include_deleted=true`)
    .then((answer) => (answer.ok ? answer.clone().json() : null))
    .then((channel) => {
      if (!channel || appStarted) return;
      askBeforeApp(`/users/me/teams/${channel.team_id}/channels`);
      askBeforeApp(`/users/me/teams/${channel.team_id}/channels/members`);
      askBeforeApp(`/channels/${channel.id}/posts?page=0&per_page=60`);
    })
    .catch(() => {});
}

// An invite link (/signup_user_complete/?id=…): what the sign-up page looks up first, the
// invite's team and who is signed in already (src/actions/teams.rs, invitation), asked at once,
// beside the wasm, rather than once the app and the page's chunk are running.
function askForInvitation() {
  if (location.pathname.split('/')[1] !== 'signup_user_complete') return;
  const id = new URLSearchParams(location.search).get('id');
  if (!id) return;
  askBeforeApp(`/teams/invite/${encodeURIComponent(id)}`);
  askBeforeApp('/users/me');
}
askForInvitation();

// A logout made offline whose session the server has not ended yet (src/actions/session.rs): the
// app ends it before anyone signs in again, so it sends that login itself.
function sessionLeftOpen() {
  try {
    return !!localStorage.getItem('brisk.session-left-open');
  } catch (_) {
    return false;
  }
}

function formMessage(className, role, text) {
  const message = document.createElement('p');
  message.className = className;
  message.setAttribute('role', role);
  message.textContent = text;
  return message;
}

// The app could not be loaded (offline on a first visit): the painted form cannot sign anyone
// in, and says so rather than wait for ever.
function appNotLoaded() {
  const form = document.querySelector('[data-before-app] form');
  if (!form) return;
  form.querySelector('.form-status')?.remove();
  form.removeAttribute('aria-busy');
  form.querySelector('button[type=submit]').disabled = true;
  form.append(formMessage('form-error', 'alert', 'The app could not be loaded. Check your connection and reload the page.'));
}

// Set once the app has mounted itself: with the wasm cached, that can come before the page is
// parsed, and then the app's screen is the first.
let appStarted = false;

function paintFirstScreen() {
  if (appStarted) return;
  if (!signedIn()) {
    if (LANDS_ON_LOGIN.test(location.pathname)) paintLoginForm();
  } else {
    paintSavedScreen();
  }
}
// Runs `paint` now, or once the page's body is parsed: with the wasm cached, the app can start
// (or stop) before that.
function withBody(paint) {
  if (document.body) paint();
  else document.addEventListener('DOMContentLoaded', paint, { once: true });
}

withBody(paintFirstScreen);

// The app's code stopped: a panic traps the wasm (src/browser/crash.rs), as running out of stack
// or memory does, and every task of the app is over though its buttons may still look alive. Say
// so over the page, with a button that loads it again (what is unsent is kept on the device and
// sent after the reload).
function reportStopped(error) {
  if (!(error instanceof WebAssembly.RuntimeError) || document.querySelector('.app-stopped')) return;
  const reload = document.createElement('button');
  reload.type = 'button';
  reload.className = 'link-button';
  reload.textContent = 'Reload the page';
  reload.addEventListener('click', () => location.reload());
  const notice = document.createElement('div');
  notice.className = 'app-stopped';
  notice.setAttribute('role', 'alert');
  notice.append('brisk stopped because of an error in its code. ', reload);
  withBody(() => document.body.append(notice));
}
addEventListener('error', (event) => reportStopped(event.error));
addEventListener('unhandledrejection', (event) => reportStopped(event.reason));

// A page whose code is a chunk of its own, opened by its address (an invite link, a password
// reset link): the chunk's files are fetched now, behind the main wasm (low priority), into the
// browser's cache, where the app finds them when it asks for them, instead of their taking
// several round trips after the app starts. index.html lists them per page, as
// "page=/file,/file;page=…" (xtask/src/split.rs; nothing in a build without chunks).
function prefetchPageChunks(listed) {
  const page = location.pathname.split('/')[1];
  for (const entry of (listed || '').split(';')) {
    const [name, files] = entry.split('=');
    if (name !== page || !files) continue;
    for (const file of files.split(',')) {
      fetch(file, { priority: 'low' }).then((response) => response.arrayBuffer()).catch(() => {});
    }
  }
}

const { js, wasm, pageChunks } = document.currentScript.dataset;
import(js)
  .then(({ default: init }) => {
    const started = init({ module_or_path: wasm });
    prefetchPageChunks(pageChunks);
    return started;
  })
  .then(() => {
    appStarted = true;
  })
  .catch((error) => {
    if (error instanceof WebAssembly.RuntimeError) reportStopped(error);
    else withBody(appNotLoaded);
  });
