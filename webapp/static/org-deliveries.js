// The console's deliveries: the latest broadcasts with their status and counts, one
// broadcast's live progress (server-sent events, drawn by org-chart.js), and a sent one
// corrected (per language) or withdrawn, each asking once with the chat's own question.
import { ApiError } from "./api.js";
import { clear, h } from "./dom.js";
import { t } from "./i18n.js";
import { SERIES, drawChart } from "./org-chart.js";
import { initData } from "./telegram.js";
import { fromTelegramHtml } from "./telegram-html.js";

const $ = (id) => document.getElementById(id);
const BASE = document.body.dataset.base;

export function createDeliveries(send) {
  let stream = null;

  function say(text) {
    clear($("dl-status"), fromTelegramHtml(text));
  }

  function failed(error) {
    if (!(error instanceof ApiError) || error.status >= 500) throw error;
    say(error.data.message || t("web_error"));
  }

  function watch(id) {
    if (stream) stream.close();
    const points = [];
    let began = null; // the first reading is the chart's time 0
    $("dl-watch").hidden = false;
    $("dl-watch").dataset.broadcast = String(id);
    delete $("dl-watch").dataset.ended;
    $("dl-watch-title").textContent = t("web_org_dl_watching", { id });
    clear($("dl-legend"), SERIES.map(([key, label]) => h("li", { class: key }, t(label))));
    const url = `${BASE}api/org/broadcasts/${id}/events?initData=${encodeURIComponent(initData())}`;
    stream = new EventSource(url);
    stream.addEventListener("progress", (event) => {
      const data = JSON.parse(event.data);
      began ??= performance.now();
      points.push({ ...data, t: (performance.now() - began) / 1000 });
      $("dl-counts").textContent = `${data.statusLabel} · ${data.counts}`;
      drawChart($("dl-chart"), points);
    });
    stream.addEventListener("end", async () => {
      stream.close();
      stream = null;
      $("dl-watch").dataset.ended = "1";
      await draw();
    });
  }

  function ask(item, text, label, action) {
    const box = h("div", { class: "confirm", "data-confirm": "1" }, h("p", {}, fromTelegramHtml(text)),
      h("p", { class: "q-actions" },
        h("button", { type: "button", class: "star", "data-do": "yes", onclick: async () => { box.remove(); await action(); } }, t(label)),
        h("button", { type: "button", class: "link", onclick: () => box.remove() }, t("web_org_q_cancel"))));
    item.append(box);
  }

  async function queuedThen(path, body) {
    try {
      const done = await send("POST", path, { ...body, confirm: true });
      say(done.message);
      watch(done.id);
    } catch (error) { failed(error); }
  }

  async function withdraw(b, item) {
    try {
      const asked = await send("POST", `broadcasts/${b.id}/withdraw`, {});
      ask(item, asked.confirm, "web_org_dl_withdraw", () => queuedThen(`broadcasts/${b.id}/withdraw`, {}));
    } catch (error) { failed(error); }
  }

  function correctForm(b, item) {
    const lang = h("select", { "aria-label": t("web_org_dl_variant") },
      b.languages.map((l) => h("option", { value: l.code }, l.name)));
    const text = h("textarea", { "aria-label": t("web_org_dl_text") });
    const tell = h("input", { type: "checkbox" });
    const form = h("form", { class: "composer", "data-correct": b.id, onsubmit: async (event) => {
      event.preventDefault();
      const body = { lang: b.languages.length > 1 ? lang.value : "all", text: text.value, tell: tell.checked };
      try {
        const asked = await send("POST", `broadcasts/${b.id}/correct`, body);
        ask(form, asked.confirm, "web_org_dl_correct", () => queuedThen(`broadcasts/${b.id}/correct`, body));
      } catch (error) { failed(error); }
    } },
    b.languages.length > 1 ? h("p", {}, lang) : null, text,
    h("p", {}, h("label", {}, tell, " ", t("web_org_dl_tell"))),
    h("button", { type: "submit", class: "star" }, t("web_org_dl_review")));
    item.append(form);
  }

  function row(b) {
    const item = h("li", { "data-broadcast": b.id },
      h("p", {}, `${b.icon} `, h("strong", {}, b.summary)),
      h("p", { class: "hint" }, [b.statusLabel, b.audience, b.when, b.counts].filter(Boolean).join(" · ")));
    item.append(h("p", { class: "q-actions" },
      h("button", { class: "link", "data-do": "watch", onclick: () => watch(b.id) }, t("web_org_dl_watch")),
      b.fixable ? h("button", { class: "link", "data-do": "correct", onclick: () => correctForm(b, item) }, t("web_org_dl_correct")) : null,
      b.fixable ? h("button", { class: "link", "data-do": "withdraw", onclick: () => withdraw(b, item) }, t("web_org_dl_withdraw")) : null));
    return item;
  }

  async function draw() {
    const { broadcasts } = await send("GET", "broadcasts");
    clear($("dl-list"), broadcasts.length ? broadcasts.map(row) : h("li", { class: "hint" }, t("web_org_dl_none")));
  }

  return {
    watch,
    draw,
    async start() {
      $("dl-title").textContent = t("web_org_deliveries");
      $("dl-section").hidden = false;
      await draw();
    },
  };
}
