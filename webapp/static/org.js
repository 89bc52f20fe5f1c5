// The organisers' console: the figures, the composer (org-compose.js) and deliveries
// (org-deliveries.js), the questions queue (org-questions.js), the programme table
// (org-programme.js), feedback (org-feedback.js) and the presenter links. Every call is /api/org/…, checked on the server; a participant sees
// only "for the organisers".
import { ApiError, getJson, programme } from "./api.js";
import { clear, h, hhmm } from "./dom.js";
import { dayLabel, formatNumber, setDayLabels, setLanguage, t } from "./i18n.js";
import { createComposer } from "./org-compose.js";
import { createDeliveries } from "./org-deliveries.js";
import { drawFeedback } from "./org-feedback.js";
import { createTable } from "./org-programme.js";
import { createQueue } from "./org-questions.js";
import { initData, ready } from "./telegram.js";

const $ = (id) => document.getElementById(id);
const BASE = document.body.dataset.base;

async function send(method, path, body) {
  const response = await fetch(`${BASE}api/org/${path}`, {
    method,
    headers: { Authorization: `tma ${initData()}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    const data = await response.json().catch(() => ({}));
    throw new ApiError(response.status, data.error || "error", data.message, data);
  }
  return response.json();
}

const deliveries = createDeliveries(send);
const composer = createComposer(send, async (id) => { await deliveries.draw(); deliveries.watch(id); });
const queue = createQueue(send, () => drawStats());
const table = createTable(send, () => drawStats());

async function drawStats() {
  const stats = await getJson("org/stats");
  clear($("org-stats"), [["web_org_participants", stats.participants], ["web_org_stars", stats.stars],
    ["web_org_pending", stats.questionsPending], ["web_org_presenter_links", stats.presenterLinks]]
    .map(([key, value]) => h("div", {}, h("dt", {}, t(key)), h("dd", { "data-figure": key }, formatNumber(value)))));
}

async function drawLinks() {
  const { links } = await getJson("org/presenter");
  clear($("links"), links.map((link) => {
    const url = new URL(link.url, location.origin).href;
    return h("li", { "data-token": link.token },
      h("strong", {}, link.title), " ",
      h("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, url), " ",
      h("button", { class: "link", onclick: async () => { await send("DELETE", `presenter/${link.token}`); await refresh(); } }, t("web_org_revoke")));
  }));
}

async function refresh() {
  await drawStats();
  await drawLinks();
  document.body.dataset.ready = "1";
}

async function start() {
  ready();
  try {
    const me = await getJson("me");
    setLanguage(me.lang);
    $("org-title").textContent = t("web_org_console");
    $("links-title").textContent = t("web_org_presenter_links");
    if (!me.organiser) throw new ApiError(403, "forbidden");
    const { data } = await programme();
    setDayLabels(data.days); // days named as the chat names them
    $("link-create").textContent = t("web_org_presenter_create");
    clear($("link-session"), data.sessions.filter((s) => !s.cancelled).map((s) => h("option", { value: s.id },
      `${dayLabel(s.day)}, ${hhmm(s.start)} · ${s.title}`)));
    $("link-form").hidden = false;
    $("link-form").addEventListener("submit", async (event) => {
      event.preventDefault();
      await send("POST", "presenter", { session: $("link-session").value });
      await refresh();
    });
    await composer.start();
    await deliveries.start();
    await queue.start();
    await table.start();
    await drawFeedback();
    await refresh();
  } catch (error) {
    $("org-error").hidden = false;
    $("org-error").textContent = t(error instanceof ApiError && error.status === 403 ? "web_org_not_organiser" : "web_error");
    document.body.dataset.ready = "1";
  }
}

start();
