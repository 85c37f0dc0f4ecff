// brisk's service worker: a repeat visit shows the app from the cache instead of waiting on the
// network for its shell.
//  - The hashed build files (wasm, JS, CSS: their names change whenever their content does) are
//    served from the cache, and stored the first time they are fetched. That includes the lazily
//    loaded chunks of the wasm, which the app fetches while idle after its first screen
//    (src/components/lazy_view.rs), so they are kept for offline use too.
//  - The page itself (index.html, for every app address) and its start script come from the
//    cache at once when it holds them, so a repeat visit waits on no round trip (on a slow phone
//    network, two of them before the app could start), and are fetched again behind it: a new
//    build runs from the next visit on. Without a stored copy the network answers.
//  - On install the page, every build file it names and the chunks someone offline needs first
//    (reading what the app saved on the device, writing offline) are stored at once, so even the
//    visit that installed the worker can be reloaded offline: every app address then opens the
//    stored page, and the app shows what it saved on the device.
//  - Nothing under /api is ever cached: messages and sessions always come from the server.
const CACHE = 'brisk-shell-v1';
// The page's one unhashed script (assets/start.js), which starts the app: treated like the page.
const START_SCRIPT = '/start.js';
const HASHED = /^\/[\w-]+-[0-9a-f]{8,}(_bg)?\.(wasm|js|css)$/;

// The page, the build files and start script its tags name (href, src, data-js, data-wasm), and
// the chunks of code someone offline needs first (data-offline-chunks, a list the build writes:
// xtask/src/split.rs), such as those reading back what the app keeps on the device.
async function storeShell() {
  const cache = await caches.open(CACHE);
  const page = await fetch('/', { cache: 'no-cache' });
  if (!page.ok) return;
  const html = await page.clone().text();
  const named = [...html.matchAll(/"(\/[^"]+)"/g)].map((match) => match[1]);
  const offline = html.match(/data-offline-chunks="([^"]*)"/);
  if (offline) named.push(...offline[1].split(' '));
  const files = named.filter((path) => HASHED.test(path) || path === START_SCRIPT);
  await cache.addAll([...new Set(files)]);
  await cache.put('/index.html', page);
}

self.addEventListener('install', (event) => {
  // Take over from an older worker at once: every cached file is immutable or re-fetched. A
  // shell that could not be stored now is stored by the next visits as they fetch it.
  event.waitUntil(storeShell().catch(() => {}).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) cache.put(request, response.clone());
  return response;
}

// `key` is where the copy is kept: one for the page whatever its address. The stored copy
// answers at once and the network's answer replaces it for the next visit.
async function cachedThenRefreshed(event, key) {
  const cache = await caches.open(CACHE);
  const fromNetwork = fetch(event.request).then((response) => {
    if (response.ok) cache.put(key, response.clone());
    return response;
  });
  const cached = await cache.match(key);
  if (!cached) return fromNetwork;
  event.waitUntil(fromNetwork.catch(() => {}));
  return cached;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) {
    return;
  }
  if (request.mode === 'navigate') {
    event.respondWith(cachedThenRefreshed(event, '/index.html'));
  } else if (url.pathname === START_SCRIPT) {
    event.respondWith(cachedThenRefreshed(event, START_SCRIPT));
  } else if (HASHED.test(url.pathname)) {
    event.respondWith(cacheFirst(request));
  }
});

// A notification clicked: bring the app forward at the channel it is about.
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const target = (event.notification.data && event.notification.data.path) || '/';
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
    for (const client of windows) {
      if ('focus' in client) {
        await client.focus();
        if ('navigate' in client) await client.navigate(target);
        return;
      }
    }
    await self.clients.openWindow(target);
  })());
});
