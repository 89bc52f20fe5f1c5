// The Mini App offline: the shell (page, scripts, style) and the last programme fetched,
// network first (so a change is seen at once) and the kept copy when the network is gone.
// Telegram on iOS gives Mini Apps no service worker: there the page needs the network.
const SHELL = "forumbot-shell-v1";
const DATA = "forumbot-data-v1";
const BASE = new URL("./", self.location).pathname;
const FILES = ["", "static/app.css", "static/app.js", "static/api.js", "static/dom.js", "static/grid.js",
  "static/i18n.js", "static/telegram.js", "static/views.js", "static/questions.js", "static/fold.js"].map((f) => BASE + f);

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(self.clients.claim());
});

async function shell(request) {
  const cache = await caches.open(SHELL);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request.mode === "navigate" ? BASE : request, response.clone());
    return response;
  } catch (error) {
    const kept = await cache.match(request.mode === "navigate" ? BASE : request, { ignoreSearch: true });
    if (kept) return kept;
    throw error;
  }
}

// The programme: kept with the time it was fetched; served marked "offline" when the
// network fails. A 304 from the server comes here as the browser's cached 200.
async function programme(request) {
  const cache = await caches.open(DATA);
  try {
    const response = await fetch(request);
    if (response.ok) {
      const headers = new Headers(response.headers);
      headers.set("X-Fetched-At", new Date().toISOString());
      const body = await response.clone().arrayBuffer();
      await cache.put(request.url, new Response(body, { status: 200, headers }));
    }
    return response;
  } catch (error) {
    const kept = await cache.match(request.url);
    if (!kept) throw error;
    const headers = new Headers(kept.headers);
    headers.set("X-Offline", "1");
    return new Response(await kept.arrayBuffer(), { status: 200, headers });
  }
}

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin || !url.pathname.startsWith(BASE)) return;
  const path = url.pathname.slice(BASE.length);
  if (path === "api/programme" || path === "api/details") event.respondWith(programme(event.request));
  else if (path === "" || path.startsWith("static/")) event.respondWith(shell(event.request));
});
