// Entraide's service worker, served at /sw.js by server/src/pwa.rs, which fills in VERSION and
// PRECACHE from the files of the build it serves.
//
// - The built site (hashed wasm and JS, CSS, Leaflet, icons, the offline page) is kept at
//   install in a cache named after the version; older versions' caches go at activation.
//   Hashed names never change content, so these files are served from the phone first.
// - Pages are asked of the network first, and a copy of each page opened is kept on the phone
//   (at most MAX_PAGES, the oldest go first). Without a connection, or after NETWORK_WAIT_MS
//   on a line that does not answer, the copy is shown, marked with the time it was saved so the
//   page says "offline, copy saved on…"; a page never opened shows /offline.
// - Server functions (/api), live counts (/events) and every non-GET request go to the network
//   only: nothing a server function answers is kept. Logging out clears these caches
//   (Clear-Site-Data, app/src/api/auth.rs).
// - A new version takes over at once (skipWaiting): every page names its own hashed files, so an
//   old page never runs with new code, nor a new page with old code.
const VERSION = "__VERSION__";
const PRECACHE = __PRECACHE__;
const STATIC = "entraide-static-" + VERSION;
const PAGES = "entraide-pages";
const MAX_PAGES = 60;
const NETWORK_WAIT_MS = 10000;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(STATIC)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((key) => key.startsWith("entraide-static-") && key !== STATIC)
            .map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(page(event));
  } else if (/^\/(pkg|vendor|icons)\//.test(url.pathname) || url.pathname === "/favicon.svg") {
    event.respondWith(file(request));
  }
});

/// A built file: from the phone if kept, else from the network (and kept: split code loaded
/// later, Leaflet's images).
async function file(request) {
  const kept = await caches.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) {
    const cache = await caches.open(STATIC);
    await cache.put(request, response.clone());
  }
  return response;
}

/// A page: the network's answer (a copy is kept), else the copy, else the offline page.
async function page(event) {
  const request = event.request;
  const network = fetch(request).then((response) => {
    const html = (response.headers.get("content-type") || "").includes("text/html");
    if (response.status === 200 && html) {
      event.waitUntil(keep(request.url, response.clone()));
    }
    return response;
  });
  try {
    return await within(network, NETWORK_WAIT_MS);
  } catch (_) {
    const copy = await savedCopy(request.url);
    if (copy) return copy;
    try {
      return await network;
    } catch (_) {
      const offline = await caches.match("/offline");
      return offline || Response.error();
    }
  }
}

/// `promise`, or a refusal after `ms` milliseconds.
function within(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timeout")), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/// Keeps a page with the time it was saved and its title (for the list on /offline), and keeps
/// the offline page in the language of the pages being read.
async function keep(url, response) {
  const text = await response.text();
  const found = text.match(/<title>([^<]*)<\/title>/);
  const headers = new Headers(response.headers);
  headers.set("x-entraide-saved", new Date().toISOString());
  headers.set("x-entraide-title", encodeURIComponent(found ? unescapeHtml(found[1]) : ""));
  const cache = await caches.open(PAGES);
  await cache.put(url, new Response(text, { status: 200, headers }));
  const keys = await cache.keys();
  for (const old of keys.slice(0, Math.max(0, keys.length - MAX_PAGES))) {
    await cache.delete(old);
  }
  const language = response.headers.get("content-language");
  const offline = await caches.match("/offline");
  if (language && (!offline || offline.headers.get("content-language") !== language)) {
    const fresh = await fetch("/offline");
    if (fresh.ok) await (await caches.open(STATIC)).put("/offline", fresh);
  }
}

/// The kept copy of a page, marked as a copy with the time it was saved.
async function savedCopy(url) {
  const cache = await caches.open(PAGES);
  const kept = await cache.match(url);
  if (!kept) return null;
  const saved = kept.headers.get("x-entraide-saved") || "";
  const text = (await kept.text()).replace(
    /<meta name="entraide-copy" content="[^"]*"/,
    `<meta name="entraide-copy" content="${saved}"`,
  );
  return new Response(text, { status: 200, headers: kept.headers });
}

function unescapeHtml(text) {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, "&");
}
