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

const { js, wasm } = document.currentScript.dataset;
import(js).then(({ default: init }) => init({ module_or_path: wasm }));
