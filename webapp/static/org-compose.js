// The console's composer: a text per language with a live preview of every variant (drawn
// by the server with the chat's renderer, the fallback named for a language left empty), the
// audience with its size, now or a time in the forum's zone, a test to my own chat, and the
// send that shows its effect and count and asks once.
import { ApiError } from "./api.js";
import { clear, h } from "./dom.js";
import { t } from "./i18n.js";
import { fromTelegramHtml } from "./telegram-html.js";

const $ = (id) => document.getElementById(id);

export function createComposer(send, queued) {
  let options = null;
  let timer = null;
  const areas = {};

  function body(extra = {}) {
    const texts = Object.fromEntries(Object.entries(areas).map(([code, el]) => [code, el.value]));
    const at = document.querySelector("input[name='cmp-when']:checked").value === "at" ? $("cmp-at").value : "";
    return { texts, default: $("cmp-default").value, audience: $("cmp-audience").value, at, ...extra };
  }

  function say(text, html = false) {
    clear($("cmp-status"), html ? fromTelegramHtml(text) : text);
  }

  function failed(error) {
    if (!(error instanceof ApiError) || error.status >= 500) throw error;
    if (error.code === "rate_limited") { say(t("web_org_cmp_slow_down")); return; }
    say(error.data.message || t(`web_org_cmp_${error.code}`), Boolean(error.data.message));
  }

  function defaults() {
    const written = options.languages.filter((l) => areas[l.code].value.trim());
    const previous = $("cmp-default").value;
    clear($("cmp-default"), written.map((l) => h("option", { value: l.code, selected: l.code === previous }, l.name)));
    $("cmp-default-row").hidden = written.length < 2 || written.length === options.languages.length;
  }

  async function preview() {
    defaults();
    let shown;
    try {
      shown = await send("POST", "announce/preview", body());
    } catch (error) {
      if (error instanceof ApiError && error.code === "empty") { clear($("cmp-preview"), h("p", { class: "hint" }, t("web_org_cmp_preview_empty"))); return; }
      failed(error);
      return;
    }
    clear($("cmp-preview"), shown.variants.map((v) => h("div", { "data-variant": v.lang },
      h("p", { class: "hint" }, fromTelegramHtml(v.heading)),
      h("div", { class: v.own ? "bubble" : "bubble fallback" }, fromTelegramHtml(v.html)))),
    shown.fallback ? h("p", { class: "hint", "data-fallback": "1" }, fromTelegramHtml(shown.fallback)) : null);
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(() => preview().catch(failed), 350);
  }

  function people() {
    const audience = options.audiences.find((a) => a.code === $("cmp-audience").value);
    $("cmp-people").textContent = t("web_org_cmp_people", { count: audience.people });
    $("cmp-audience-note").textContent = audience.note;
  }

  async function review(event) {
    event.preventDefault();
    let answer;
    try {
      answer = await send("POST", "announce", body());
    } catch (error) { failed(error); return; }
    say("");
    const box = $("cmp-confirm");
    clear(box, h("p", {}, fromTelegramHtml(answer.confirm)), h("p", { class: "q-actions" },
      h("button", { type: "button", class: "star", "data-do": "confirm", onclick: () => confirm(box) }, t("web_org_cmp_yes")),
      h("button", { type: "button", class: "link", onclick: () => { box.hidden = true; } }, t("web_org_q_cancel"))));
    box.hidden = false;
  }

  async function confirm(box) {
    box.hidden = true;
    let done;
    try {
      done = await send("POST", "announce", body({ confirm: true }));
    } catch (error) { failed(error); return; }
    say(done.message, true);
    Object.values(areas).forEach((el) => { el.value = ""; });
    clear($("cmp-preview"));
    await queued(done.id, done.scheduled);
  }

  async function test() {
    try {
      say((await send("POST", "announce/test", body())).message, true);
    } catch (error) { failed(error); }
  }

  return {
    async start() {
      options = await send("GET", "announce");
      $("cmp-title").textContent = t("web_org_compose");
      clear($("cmp-texts"), options.languages.map((l) => {
        areas[l.code] = h("textarea", { id: `cmp-text-${l.code}`, "data-lang": l.code, oninput: later });
        return h("p", {}, h("label", { for: `cmp-text-${l.code}` }, t("web_org_cmp_text", { language: l.name })), areas[l.code]);
      }));
      $("cmp-texts-hint").textContent = t("web_org_cmp_texts_hint");
      $("cmp-default-label").textContent = t("web_org_cmp_default");
      $("cmp-default").addEventListener("change", later);
      $("cmp-audience-label").textContent = t("web_org_cmp_audience");
      clear($("cmp-audience"), options.audiences.map((a) => h("option", { value: a.code }, a.label)));
      $("cmp-audience").addEventListener("change", people);
      people();
      $("cmp-when-label").textContent = t("web_org_cmp_when");
      $("cmp-now-label").textContent = t("web_org_cmp_now");
      $("cmp-at-label").textContent = t("web_org_cmp_at");
      $("cmp-at").addEventListener("focus", () => { document.querySelector("input[name='cmp-when'][value='at']").checked = true; });
      $("cmp-zone").textContent = `${t("web_org_cmp_at_hint")} ${options.zone}`;
      $("cmp-test").textContent = t("web_org_cmp_test");
      $("cmp-test").addEventListener("click", test);
      $("cmp-review").textContent = t("web_org_cmp_review");
      $("cmp-form").addEventListener("submit", review);
      $("cmp-preview-title").textContent = t("web_org_cmp_preview");
      $("cmp-section").hidden = false;
    },
  };
}
