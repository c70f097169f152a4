/* Kas Dikdas service worker: offline reading for viewers on weak signal.
 * Written to the site root by plugins/search at build time (so its scope covers every
 * page); CONFIG below is filled in then, and its version changes whenever the theme
 * files or the offline page change, so a new deploy never keeps stale CSS.
 *
 * - install: precache the shell (theme CSS/JS/logo) and the offline page;
 * - pages and their assets: network first, the cached copy when the network fails
 *   (or is too slow and a copy exists); every page opened is kept;
 * - a page never opened, while offline: the offline page;
 * - videos (from the site, or from the media bucket at CONFIG.media when the
 *   site keeps its media there): never cached here; only the ones the viewer saved with the
 *   "Simpan untuk ditonton offline" button (cache "kas-video", see theme/js/offline.js)
 *   are served from the device, with byte ranges so the player can seek.
 */
"use strict";

const CONFIG = __SW_CONFIG__;
const SCOPE = self.registration.scope;
const SHELL_PREFIX = "kas-shell-";
const SHELL_CACHE = SHELL_PREFIX + CONFIG.version;
const PAGES_CACHE = "kas-halaman";
const VIDEO_CACHE = "kas-video";
const MEDIA = /\.(mp4|m4v|webm|mov|3gp|mkv|mp3|m4a|ogg)$/i;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(SHELL_CACHE)
      .then((cache) => cache.addAll(CONFIG.shell.map(
        (path) => new Request(new URL(path, SCOPE), { cache: "reload" }))))
      .then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names
        .filter((name) => name.startsWith(SHELL_PREFIX) && name !== SHELL_CACHE)
        .map((name) => caches.delete(name))))
      .then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const fromMedia = CONFIG.media !== null && request.url.startsWith(CONFIG.media);
  if (request.method !== "GET" || !(request.url.startsWith(SCOPE) || fromMedia)) {
    return; // other hosts and other methods: the browser's own handling
  }
  const url = new URL(request.url);
  if (fromMedia && !(request.destination === "video" || request.destination === "audio" ||
      request.headers.has("range") || MEDIA.test(url.pathname))) {
    return; // posters and captions from the media bucket: the browser's own cache
  }
  if (request.destination === "video" || request.destination === "audio" ||
      request.headers.has("range") || MEDIA.test(url.pathname)) {
    event.respondWith(savedMedia(request).then((saved) => saved || fetch(request)));
    return;
  }
  if (request.url.startsWith(SCOPE + CONFIG.bundle)) {
    return; // the search index needs the network anyway; keep it out of the caches
  }
  event.respondWith(networkFirst(event, request));
});

/* This build's shell first: a page kept from an older deploy must not bring back its
 * older stylesheet. */
async function cachedCopy(request) {
  const shell = await caches.open(SHELL_CACHE);
  return (await shell.match(request)) || caches.match(request);
}

async function networkFirst(event, request) {
  const cached = await cachedCopy(request);
  const network = fetch(request).then(async (response) => {
    if (response.ok && response.type === "basic") {
      const cache = await caches.open(PAGES_CACHE);
      await cache.put(request, response.clone());
      await trim(cache, CONFIG.maxPages);
    }
    return response;
  });
  event.waitUntil(network.catch(() => undefined));
  try {
    if (!cached) {
      return await network;
    }
    const slow = new Promise((resolve) => setTimeout(() => resolve(cached), CONFIG.timeout));
    return await Promise.race([network, slow]);
  } catch (error) {
    if (cached) {
      return cached;
    }
    if (request.mode === "navigate") {
      const offline = await caches.match(new URL(CONFIG.offline, SCOPE).href);
      if (offline) {
        return offline;
      }
    }
    return Response.error();
  }
}

async function trim(cache, max) {
  const keys = await cache.keys();
  for (let i = 0; i < keys.length - max; i++) {
    await cache.delete(keys[i]); // oldest first: keys come in insertion order
  }
}

/* A saved video, honouring the player's Range request with a 206 answer. */
async function savedMedia(request) {
  const cache = await caches.open(VIDEO_CACHE);
  const saved = await cache.match(request.url, { ignoreSearch: true, ignoreVary: true });
  if (!saved) {
    return null;
  }
  const range = /^bytes=(\d*)-(\d*)$/.exec(request.headers.get("range") || "");
  if (!range) {
    return saved;
  }
  const body = await saved.blob();
  const size = body.size;
  let start = range[1] === "" ? NaN : Number(range[1]);
  let end = range[2] === "" ? size - 1 : Math.min(Number(range[2]), size - 1);
  if (Number.isNaN(start)) { // "bytes=-500": the last 500 bytes
    start = Math.max(0, size - Number(range[2]));
    end = size - 1;
  }
  if (start >= size || start > end) {
    return new Response(null, { status: 416, headers: { "Content-Range": `bytes */${size}` } });
  }
  return new Response(body.slice(start, end + 1), {
    status: 206,
    headers: {
      "Content-Type": saved.headers.get("Content-Type") || "video/mp4",
      "Content-Length": String(end - start + 1),
      "Content-Range": `bytes ${start}-${end}/${size}`,
      "Accept-Ranges": "bytes",
    },
  });
}
