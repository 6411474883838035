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
// - Writing without a connection: posting a listing, sending a message and signing up (QUEUED)
//   get an idempotency key here when the page sent none. When the network fails, the request is
//   kept in IndexedDB (the outbox) and the page is answered the error "Queued", which it shows as
//   "waiting to be sent". The outbox is sent again, in order and with the same keys (so what the
//   server already received lands once), when a page says the connection is back, when a page
//   loads, and on Background Sync. Each result is posted to the open pages; a refusal stays in
//   the outbox with what was typed until the person dismisses it (app/src/ui/offline.rs).
const VERSION = "__VERSION__";
const PRECACHE = __PRECACHE__;
const STATIC = "entraide-static-" + VERSION;
const PAGES = "entraide-pages";
const MAX_PAGES = 60;
const NETWORK_WAIT_MS = 10000;
const QUEUED = ["/api/create_listing", "/api/send_message", "/api/sign_up"];
const SEND_WAIT_MS = 20000;

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
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && QUEUED.includes(url.pathname)) {
    event.respondWith(sendOrQueue(event, url.pathname));
    return;
  }
  if (request.method !== "GET") return;
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

// The outbox. A hand-written wrapper of IndexedDB's three calls used here: the worker is one
// plain file served as is, with no bundler to bring in a library such as idb-keyval.

function outbox(mode, work) {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open("entraide-outbox", 1);
    open.onupgradeneeded = () => open.result.createObjectStore("items", { keyPath: "key" });
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction("items", mode);
      const result = work(tx.objectStore("items"));
      tx.oncomplete = () => {
        db.close();
        resolve(result && "result" in result ? result.result : undefined);
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

/// Sends a queued kind of request with an idempotency key; without a network, keeps it.
async function sendOrQueue(event, path) {
  const request = event.request;
  let body;
  try {
    body = JSON.parse(await request.text());
  } catch (_) {
    return new Response('"BadRequest"', { status: 400, headers: JSON_HEADERS });
  }
  if (!body.key) body.key = self.crypto.randomUUID();
  const item = {
    key: body.key,
    path,
    body: JSON.stringify(body),
    at: new Date().toISOString(),
    page: "",
    state: "waiting",
  };
  try {
    return await within(post(item), SEND_WAIT_MS);
  } catch (_) {
    const client = event.clientId ? await self.clients.get(event.clientId) : null;
    item.page = client ? client.url : "";
    await outbox("readwrite", (store) => store.put(item));
    if (self.registration.sync) {
      self.registration.sync.register("entraide-outbox").catch(() => {});
    }
    tell({ type: "outbox" });
    return new Response('"Queued"', { status: 503, headers: JSON_HEADERS });
  }
}

const JSON_HEADERS = { "content-type": "application/json" };

function post(item) {
  return fetch(item.path, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: item.body,
    credentials: "same-origin",
  });
}

let flushing = null;

/// Sends what waits, oldest first; stops at the first network failure (the rest keeps its turn).
function flush() {
  if (!flushing) {
    flushing = flushAll().finally(() => {
      flushing = null;
    });
  }
  return flushing;
}

async function flushAll() {
  const items = (await outbox("readonly", (store) => store.getAll())) || [];
  items.sort((a, b) => (a.at < b.at ? -1 : 1));
  for (const item of items) {
    if (item.state !== "waiting") continue;
    let response;
    try {
      response = await within(post(item), SEND_WAIT_MS);
    } catch (_) {
      return;
    }
    // A proxy's or a restarting server's answer: tried again later, the key makes it safe.
    if ([502, 503, 504].includes(response.status)) return;
    const answer = await response.text();
    if (response.ok) {
      await outbox("readwrite", (store) => store.delete(item.key));
      tell({ type: "sent", item, answer });
    } else {
      item.state = "refused";
      item.status = response.status;
      item.answer = answer;
      await outbox("readwrite", (store) => store.put(item));
      tell({ type: "refused", item });
    }
  }
}

async function tell(message) {
  for (const client of await self.clients.matchAll({ type: "window" })) {
    client.postMessage(message);
  }
}

self.addEventListener("sync", (event) => {
  if (event.tag === "entraide-outbox") event.waitUntil(flush());
});

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "flush") {
    event.waitUntil(flush());
  } else if (data.type === "dismiss" && data.key) {
    event.waitUntil(outbox("readwrite", (store) => store.delete(data.key)).then(() => tell({ type: "outbox" })));
  }
});
