// The API with the current initData on every call; stars made offline wait on the device
// (localStorage) and go with the initData of the day when the network returns.
import { initData } from "./telegram.js";

const BASE = document.body.dataset.base || "/";
const QUEUE = "forumbot.pendingStars";

export class ApiError extends Error {
  constructor(status, code, message, data = {}) {
    super(message || code); this.status = status; this.code = code; this.text = message || ""; this.data = data;
  }
}

async function call(method, path, body) {
  const headers = { Authorization: `tma ${initData()}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(BASE + "api/" + path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    const data = await response.json().catch(() => ({}));
    throw new ApiError(response.status, data.error || "error", data.message);
  }
  return response;
}

export async function getJson(path) {
  return (await call("GET", path)).json();
}

// A write (POST, PUT, DELETE) with a JSON body; its answer's JSON.
export async function sendJson(method, path, body) {
  return (await call(method, path, body)).json();
}

// The programme in my language (the server knows it), and whether it came from the service worker's copy (offline) and when
// that copy was fetched.
export async function programme() {
  const response = await call("GET", "programme");
  return {
    data: await response.json(),
    offline: response.headers.get("X-Offline") === "1",
    fetchedAt: response.headers.get("X-Fetched-At"),
  };
}

export function pending() {
  try { return JSON.parse(localStorage.getItem(QUEUE) || "{}"); } catch { return {}; }
}

function savePending(queue) {
  localStorage.setItem(QUEUE, JSON.stringify(queue));
}

// Star or unstar: sent at once, or kept for later when the network is gone.
export async function setStar(sessionId, starred) {
  const queue = pending();
  queue[sessionId] = starred;
  savePending(queue);
  return flush();
}

let flushing = null;

async function sendPending() {
  await null; // past this point `flushing` is set: a call meanwhile joins this round
  const sent = new Set(); // "id:state" sent this round; a change made meanwhile goes too
  try {
    for (;;) {
      const next = Object.entries(pending()).find(([id, on]) => !sent.has(`${id}:${on}`));
      if (!next) break;
      const [sessionId, starred] = next;
      sent.add(`${sessionId}:${starred}`);
      try {
        await call(starred ? "PUT" : "DELETE", `stars/${encodeURIComponent(sessionId)}`);
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 404)) break; // 404: gone from the programme
      }
      const queue = pending();
      if (queue[sessionId] === starred) delete queue[sessionId];
      savePending(queue);
    }
  } finally {
    flushing = null;
  }
  return Object.keys(pending()).length;
}

// Send what waits, in order; stops at the first failure (offline, or initData expired:
// the next opening brings a fresh one). Resolves to how many still wait.
export function flush() {
  if (!flushing) flushing = sendPending();
  return flushing;
}
