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
if (document.body) paintSavedScreen();
else document.addEventListener('DOMContentLoaded', paintSavedScreen, { once: true });

const { js, wasm } = document.currentScript.dataset;
import(js).then(({ default: init }) => init({ module_or_path: wasm }));
