// The presenter view: looks every second; draws only when the questions changed (ETag).
import { clear, h } from "./dom.js";
import { setLanguage, t } from "./i18n.js";

const token = document.body.dataset.token;
const lang = new URLSearchParams(location.search).get("lang") || "";
const url = `${document.body.dataset.base}p/${encodeURIComponent(token)}/questions?lang=${encodeURIComponent(lang)}`;
let etag = "";

async function look() {
  try {
    const response = await fetch(url, { headers: etag ? { "If-None-Match": etag } : {}, cache: "no-store" });
    if (response.status === 304) return;
    if (response.status === 404) {
      clear(document.getElementById("p-questions"));
      const empty = document.getElementById("p-empty");
      empty.hidden = false;
      empty.textContent = t("web_presenter_gone");
      return;
    }
    etag = response.headers.get("ETag") || "";
    draw(await response.json());
  } catch { /* the network blinked: the next look tries again */ }
}

function draw(data) {
  setLanguage(data.lang);
  document.getElementById("p-title").textContent = data.title;
  document.getElementById("p-hall").textContent = data.hall;
  document.title = data.title;
  const empty = document.getElementById("p-empty");
  empty.hidden = data.questions.length > 0;
  empty.textContent = t("web_presenter_empty");
  clear(document.getElementById("p-questions"), data.questions.map((q) => h("li", { "data-question": q.id },
    h("span", { class: "text" }, q.text), h("span", { class: "votes" }, t("web_presenter_votes", { count: q.votes })))));
  document.body.dataset.shown = String(data.questions.length);
}

setLanguage(lang || document.documentElement.lang || "en");
look();
setInterval(look, 1000);
