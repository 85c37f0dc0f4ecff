// Starts the app from a file instead of trunk's inline module script, so the server's
// Content-Security-Policy allows no inline script. Trunk.toml's pattern_script puts this file's
// <script> tag in index.html with the hashed names of the wasm-bindgen glue and the wasm.

// The service worker keeps the app shell for repeat visits (assets/sw.js). Registered before the
// wasm loads so the listener is in place before the page's load event.
if ('serviceWorker' in navigator) {
  addEventListener('load', () => navigator.serviceWorker.register('/sw.js').catch(() => {}));
}

const { js, wasm } = document.querySelector('script[data-wasm]').dataset;
const { default: init } = await import(js);
await init({ module_or_path: wasm });
