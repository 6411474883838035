// Renders every page of a running Entraide server many times at once, signed in and not, as a
// crowd of visitors would, and reports how many answers were not 200. The server's own log is
// then searched for rendering panics ("already been disposed") by scripts/render_load.sh. A page
// the server does not finish within 30 s counts as hung (a render that never ends holds a
// visitor's phone on a blank page): the run fails on any.
//
// PAGES (comma-separated paths) renders only those pages, as both kinds of visitor.
//
//   node scripts/render_load.mjs BASE_URL [TOTAL=10000] [CLIENTS=16]
const [base, totalArg, clientsArg] = process.argv.slice(2);
const total = Number(totalArg ?? 10000);
const clients = Number(clientsArg ?? 16);
if (!base) {
  console.error('usage: node scripts/render_load.mjs BASE_URL [TOTAL] [CLIENTS]');
  process.exit(2);
}

async function api(name, body, cookie) {
  const res = await fetch(`${base}/api/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', origin: base, ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
  const set = res.headers.getSetCookie?.() ?? [];
  return { status: res.status, json: await res.json().catch(() => null), cookie: set.map((c) => c.split(';')[0]).join('; ') };
}

// The demo's first person is a moderator and a manager: every page has something to show.
const login = await api('login', { email: 'demo1@entraide.example', password: 'entraide-demo-2026' });
if (login.status !== 200) throw new Error(`login: ${login.status}`);
const cookie = login.cookie;
const me = login.json;
const view = await api('listings_in_view', {
  bbox: { south: 48.7, west: 2.2, north: 49.0, east: 2.5 },
  filters: { kind: null, nature: null, category: null, remote_only: false },
});
const listing = view.json?.listings?.[0]?.id ?? 1;
const associations = await api('associations', {}, cookie);
const association = associations.json?.items?.[0]?.id ?? 1;
const upcoming = await api('upcoming_activities', { filter: { kind: '', category: '', accessibility: '', from: null, to: null } }, cookie);
const activity = upcoming.json?.[0]?.id ?? 1;

const publicPagesAll = [
  '/', '/login', '/signup', `/listings/${listing}`, `/users/${me.id}`, '/matching', '/currency',
  '/associations', `/associations/${association}`, '/activities', `/activities/${activity}`,
];
const only = process.env.PAGES ? process.env.PAGES.split(',') : null;
const privatePagesAll = [
  ...publicPagesAll, '/profile', '/listings/new', `/listings/${listing}/edit`, '/notifications',
  '/exchanges', '/balance', '/moderation', '/associations/new', `/associations/${association}/edit`,
  `/associations/${association}/activities/new`, `/activities/${activity}/edit`, '/hours',
  `/certificates/${association}`,
];
const privatePages = only ?? privatePagesAll;
const publicPages = only ?? publicPagesAll;

let next = 0;
const statuses = new Map();
const started = Date.now();
async function worker(n) {
  const signedIn = n % 2 === 0;
  const pages = signedIn ? privatePages : publicPages;
  while (next < total) {
    const i = next++;
    const path = pages[i % pages.length];
    let key;
    try {
      const res = await fetch(base + path, {
        headers: signedIn ? { cookie } : {},
        signal: AbortSignal.timeout(30000),
      });
      await res.arrayBuffer();
      key = `${res.status}`;
    } catch (e) {
      if (e.name !== 'TimeoutError') throw e;
      key = 'hung';
      console.error(`hung (no complete answer in 30 s): ${path}${signedIn ? ' (signed in)' : ''}`);
    }
    statuses.set(key, (statuses.get(key) ?? 0) + 1);
    if (Number(key) >= 500) console.error(`${key} ${path}`);
  }
}
await Promise.all(Array.from({ length: clients }, (_, n) => worker(n)));
const seconds = (Date.now() - started) / 1000;
console.log(`rendered ${total} pages (${publicPages.length} public, ${privatePages.length} signed in) with ${clients} clients in ${seconds.toFixed(1)} s: ${JSON.stringify(Object.fromEntries(statuses))}`);
if ([...statuses.keys()].some((s) => s === 'hung' || Number(s) >= 500)) process.exit(1);
