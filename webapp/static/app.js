// The participant's Mini App: loads who I am and the programme, then draws the view chosen
// in the tabs. Everything is drawn from the API's JSON; nothing here is trusted markup.
import { ApiError, flush, getJson, pending, programme, setStar } from "./api.js";
import { clear, h } from "./dom.js";
import { matches, words } from "./fold.js";
import { renderGrid, renderList } from "./grid.js";
import { dayLabel, setDayLabels, setLanguage, t } from "./i18n.js";
import { haptic, languageCode, offlineCapable, ready } from "./telegram.js";
import { renderAgenda, renderCard, renderSpeaker, renderSpeakers, renderVenue } from "./views.js";

const $ = (id) => document.getElementById(id);
const TABS = ["grid", "list", "agenda", "speakers", "venue"];
const FILTERS = [["track", "web_filter_track"], ["room", "web_filter_hall"], ["language", "web_filter_language"], ["kind", "web_filter_kind"]];
const ME = "forumbot.me";

const state = {
  data: null, sessions: new Map(), speakers: new Map(), starred: new Set(), conflicts: {},
  filters: {}, found: null, tab: matchMedia("(max-width: 40rem)").matches ? "list" : "grid",
  day: null, zone: "UTC", clockOffset: 0, offline: false, fetchedAt: null, queued: 0,
  nowParts() {
    const parts = Object.fromEntries(new Intl.DateTimeFormat("en-CA", {
      timeZone: this.zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
    }).formatToParts(new Date(Date.now() + this.clockOffset)).map((p) => [p.type, p.value]));
    return { day: `${parts.year}-${parts.month}-${parts.day}`, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
  },
  nowIn(day) {
    const now = this.nowParts();
    return now.day === day ? now.minutes : null;
  },
};

function visible() {
  const f = state.filters;
  return state.data.sessions.filter((s) => (!f.track || s.track === f.track) && (!f.room || s.room === f.room)
    && (!f.language || s.language === f.language) && (!f.kind || s.kind === f.kind)
    && (!state.found || state.found.sessions.has(s.id)));
}

function status() {
  const lines = [];
  if (state.offline) {
    const at = state.fetchedAt ? new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: state.zone }).format(new Date(state.fetchedAt)) : "—";
    lines.push(t("web_offline", { time: at }));
  }
  if (state.queued) lines.push(t("web_queued", { count: state.queued }));
  $("status").hidden = !lines.length;
  $("status").textContent = lines.join(" · ");
}

function openCard(id) {
  const s = state.sessions.get(id);
  if (!s) return;
  const dialog = $("card");
  clear(dialog, h("button", { class: "close", onclick: () => dialog.close(), "aria-label": t("web_back") }, "×"),
    renderCard(state, s, toggleStar, openSpeaker));
  if (!dialog.open) dialog.showModal();
}

function openSpeaker(id) {
  const p = state.speakers.get(id);
  if (!p) return;
  const dialog = $("card");
  clear(dialog, h("button", { class: "close", onclick: () => dialog.close(), "aria-label": t("web_back") }, "×"),
    renderSpeaker(state, p, openCard));
  if (!dialog.open) dialog.showModal();
}

async function refreshAgenda() {
  try {
    const agenda = await getJson("agenda");
    state.conflicts = agenda.conflicts;
    localStorage.setItem("forumbot.conflicts", JSON.stringify(agenda.conflicts));
  } catch { /* offline: the last known overlaps stay */ }
}

async function toggleStar(id, on) {
  haptic();
  delete document.body.dataset.queued;
  if (on) state.starred.add(id); else state.starred.delete(id);
  draw();
  if ($("card").open) openCard(id);
  state.queued = await setStar(id, on);
  document.body.dataset.queued = String(state.queued);
  status();
  if (!state.queued) { await refreshAgenda(); draw(); }
}

function drawTabs() {
  clear($("tabs"), TABS.map((tab) => h("button", {
    class: tab === state.tab ? "on" : null, "data-tab": tab, "aria-pressed": tab === state.tab ? "true" : "false",
    onclick: () => { state.tab = tab; draw(); },
  }, t(`web_tab_${tab}`))));
}

function drawControls() {
  const programmeTabs = state.tab === "grid" || state.tab === "list";
  $("controls").hidden = !programmeTabs;
  clear($("days"), state.data.days.map((d) => h("button", {
    class: d.date === state.day ? "on" : null, "data-day": d.date, onclick: () => { state.day = d.date; draw(); },
  }, d.title || dayLabel(d.date))));
  const options = {
    track: [...new Set(state.data.sessions.map((s) => s.track).filter(Boolean))].map((v) => [v, v]),
    room: state.data.rooms.map((r) => [r.id, r.name]),
    language: [...new Set(state.data.sessions.map((s) => s.language).filter(Boolean))].map((v) => [v, v]),
    kind: Object.entries(state.data.kinds).filter(([k]) => state.data.sessions.some((s) => s.kind === k)),
  };
  clear($("filters"), FILTERS.filter(([key]) => options[key].length > 1).map(([key, label]) => h("label", {},
    h("span", {}, t(label)),
    h("select", { "data-filter": key, onchange: (e) => { state.filters[key] = e.target.value || null; draw(); } },
      h("option", { value: "" }, t("web_filter_all")),
      options[key].map(([value, text]) => h("option", { value, selected: state.filters[key] === value }, text))))));
}

function drawView() {
  const view = $("view");
  if (state.tab === "agenda") return clear(view, renderAgenda(state, openCard));
  if (state.tab === "speakers") return clear(view, renderSpeakers(state, openCard, openSpeaker));
  if (state.tab === "venue") return clear(view, renderVenue(state));
  if (state.found) {
    const sessions = visible();
    const speakers = state.found.speakers.size ? renderSpeakers(state, openCard, openSpeaker, state.found.speakers) : null;
    if (!sessions.length && !speakers) return clear(view, h("p", { class: "muted" }, t("web_search_none", { query: state.found.query })));
    return clear(view, speakers, renderList(state, sessions, null, openCard));
  }
  const today = visible().filter((s) => s.day === state.day);
  return clear(view, (state.tab === "grid" ? renderGrid : renderList)(state, today, state.day, openCard));
}

function draw() {
  drawTabs();
  drawControls();
  drawView();
  status();
}

// Without the network: the bot's folding over titles, names and (once loaded) descriptions
// and bios; a session matches through its speakers' and moderators' names too, as online.
function offlineSearch(query) {
  const q = words(query);
  const speakers = new Set(state.data.speakers.filter((p) => matches(q, words(`${p.name} ${p.bio || ""}`))).map((p) => p.id));
  const sessions = new Set(state.data.sessions.filter((s) => matches(q, words(`${s.title} ${s.description || ""}`))
    || [...s.speakers, ...s.moderators].some((id) => speakers.has(id))).map((s) => s.id));
  return { query, sessions, speakers };
}

let searchTimer = null;
function onSearch(event) {
  clearTimeout(searchTimer);
  const query = event.target.value.trim();
  searchTimer = setTimeout(async () => {
    if (!query) { state.found = null; return draw(); }
    try {
      const found = await getJson(`search?q=${encodeURIComponent(query)}`);
      const sessions = new Set(found.sessions);
      state.data.sessions.forEach((s) => { if (s.speakers.some((id) => found.speakers.includes(id))) sessions.add(s.id); });
      state.found = { query, sessions, speakers: new Set(found.speakers) };
    } catch { state.found = offlineSearch(query); }
    if ($("search").value.trim() === query) draw();
  }, 250);
}

function fail(key) {
  clear($("view"), h("p", { class: "error", "data-error": key }, t(key)));
}

// Descriptions and bios: after the grid is drawn (most of the bytes are theirs).
async function loadDetails() {
  try {
    const details = await getJson("details");
    for (const [id, text] of Object.entries(details.sessions)) { const s = state.sessions.get(id); if (s) s.description = text; }
    for (const [id, text] of Object.entries(details.speakers)) { const p = state.speakers.get(id); if (p) p.bio = text; }
  } catch { /* offline and never kept: the cards show no description */ }
}

// Once the service worker controls the page, fetch the programme through it (a 304 when it
// already has it), so that the next opening without network finds it.
async function keepForOffline() {
  if (!offlineCapable()) return;
  await navigator.serviceWorker.ready;
  if (!navigator.serviceWorker.controller) {
    await new Promise((resolve) => navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true }));
  }
  await Promise.all([programme(), getJson("details")]);
  document.body.dataset.kept = "1";
}

// Who I am, my language and stars, and the forum clock's offset from this device's; offline,
// the last ones known (a simulated rehearsal clock keeps its offset too).
async function loadMe() {
  try {
    const me = { ...(await getJson("me")), fetched: Date.now() };
    localStorage.setItem(ME, JSON.stringify(me));
    return me;
  } catch (error) {
    if (error instanceof ApiError) throw error;
    const kept = JSON.parse(localStorage.getItem(ME) || "null");
    if (!kept) throw error;
    return kept;
  }
}

async function start() {
  ready();
  setLanguage(languageCode().slice(0, 2));
  $("loading").textContent = t("web_loading");
  $("search").addEventListener("input", onSearch);
  if (offlineCapable()) navigator.serviceWorker.register(`${document.body.dataset.base}sw.js`).catch(() => {});
  // Who I am and the programme at once: the server answers in my language either way.
  const programmeLoad = programme().catch((error) => error);
  let me;
  try {
    me = await loadMe();
  } catch (error) {
    return fail(error instanceof ApiError && error.status === 401 ? "web_auth_failed" : offlineCapable() ? "web_error" : "web_needs_network");
  }
  setLanguage(me.lang);
  if (me.organiser) $("status").before(h("a", { class: "console", href: `${document.body.dataset.base}org/` }, t("web_org_console")));
  $("search").placeholder = t("web_search_placeholder");
  if (me.now) state.clockOffset = Date.parse(me.now) - me.fetched;
  const loaded = await programmeLoad;
  if (loaded instanceof Error) return fail(offlineCapable() ? "web_error" : "web_needs_network");
  state.data = loaded.data;
  state.offline = loaded.offline;
  state.fetchedAt = loaded.fetchedAt;
  state.zone = state.data.forum.zone;
  setDayLabels(state.data.days);
  state.sessions = new Map(state.data.sessions.map((s) => [s.id, s]));
  state.speakers = new Map(state.data.speakers.map((p) => [p.id, p]));
  state.starred = new Set(me.starred);
  for (const [id, on] of Object.entries(pending())) { if (on) state.starred.add(id); else state.starred.delete(id); }
  state.conflicts = JSON.parse(localStorage.getItem("forumbot.conflicts") || "{}");
  const today = state.nowParts().day;
  state.day = (state.data.days.find((d) => d.date === today) || state.data.days[0] || {}).date;
  $("forum-title").textContent = state.data.forum.title;
  document.title = state.data.forum.title;
  draw();
  document.body.dataset.ready = "1";
  performance.mark("forumbot-ready"); // the first render, for bench/webapp.py
  await loadDetails();
  state.queued = await flush();
  document.body.dataset.queued = String(state.queued);
  if (!state.offline) await refreshAgenda();
  draw();
  keepForOffline().catch(() => {});
  window.addEventListener("online", async () => {
    state.queued = await flush();
    document.body.dataset.queued = String(state.queued);
    status();
  });
  setInterval(() => { if (state.tab === "grid" || state.tab === "list") drawView(); }, 60_000);
}

start();
