// The console's questions queue: the sessions with questions waiting, a session's waiting
// and approved questions, and approve / reject / answered / block (which asks once, naming
// the person); the answered and rejected ones, each with reopen, and the people blocked,
// each with unblock (neither asks, as in the chat). Every decision is the chat's own
// (/api/org/questions, checked on the server).
import { ApiError, getJson } from "./api.js";
import { clear, h } from "./dom.js";
import { t } from "./i18n.js";

const $ = (id) => document.getElementById(id);

function personOf(asker, id) {
  const handle = asker.username ? `@${asker.username}` : "";
  if (asker.name) return handle ? `${asker.name} (${handle})` : asker.name;
  return handle || t("web_org_q_unknown_person", { id });
}

function say(key, values) {
  $("q-status").textContent = t(key, values);
}

export function createQueue(send, changed) {
  let current = "";

  async function decide(question, action, confirm = false) {
    try {
      await send("POST", `questions/${question.id}`, { action, confirm });
      say(`web_org_q_done_${action}`);
      await changed();
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 409) throw error;
      if (action === "block") { askBlock(question); return; }
      say("web_org_q_already");
    }
    await draw();
  }

  function askBlock(question) {
    const person = personOf(question.asker, question.id);
    const item = document.querySelector(`[data-question='${question.id}']`);
    item.append(h("div", { class: "confirm", "data-confirm": "block" },
      h("p", {}, t("web_org_q_block_confirm", { person })),
      h("button", { class: "star", "data-do": "block-yes", onclick: () => decide(question, "block", true) },
        t("web_org_q_block_yes", { person })), " ",
      h("button", { class: "link", onclick: () => draw() }, t("web_org_q_cancel"))));
  }

  async function reopen(question) {
    try {
      const done = await send("POST", `questions/${question.id}`, { action: "reopen" });
      say(done.status === "pending" ? "web_org_q_reopened" : "web_org_q_reopened_approved", { id: question.id });
      await changed();
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 409) throw error;
      say("web_org_q_already");
    }
    await draw();
  }

  async function unblock(blocked) {
    try {
      await send("DELETE", `questions/blocked/${blocked.id}`);
      say("web_org_q_unblocked", { person: personOf(blocked, blocked.id) });
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 404) throw error;
      say("web_org_q_not_blocked");
    }
    await draw();
  }

  function decided(question) {
    const mark = t(question.status === "answered" ? "web_org_q_answered_mark" : "web_org_q_rejected_mark");
    return h("li", { "data-question": question.id },
      h("p", {}, `#${question.id} `, h("strong", {}, personOf(question.asker, question.id)), ": ", question.text, ` · ${mark}`),
      h("p", { class: "q-actions" }, h("button", { class: "link", "data-do": "reopen", onclick: () => reopen(question) }, t("web_org_q_reopen"))));
  }

  async function drawDecided() {
    const [{ decided: list }, { blocked }] = await Promise.all([
      current ? getJson(`org/questions/session/${encodeURIComponent(current)}/history`) : { decided: [] },
      getJson("org/questions/blocked")]);
    return [
      h("h3", {}, t("web_org_q_history")),
      list.length ? h("ul", { class: "people", id: "q-history" }, list.map(decided)) : h("p", { class: "hint" }, t("web_org_q_history_none")),
      h("h3", {}, t("web_org_q_blocked")),
      blocked.length ? h("ul", { class: "people", id: "q-blocked" }, blocked.map((b) => h("li", { "data-blocked": b.id },
        h("strong", {}, personOf(b, b.id)), " ",
        h("button", { class: "link", "data-do": "unblock", onclick: () => unblock(b) }, t("web_org_q_unblock")))))
        : h("p", { class: "hint" }, t("web_org_q_blocked_none")),
    ];
  }

  function item(question, actions) {
    const votes = question.status === "approved" ? `${t("web_org_q_votes", { count: question.votes })} · ` : "";
    return h("li", { "data-question": question.id },
      h("p", {}, `${votes}#${question.id} `, h("strong", {}, personOf(question.asker, question.id)), ": ", question.text),
      h("p", { class: "q-actions" }, actions.map((action) => h("button", { class: "link", "data-do": action,
        onclick: () => decide(question, action) }, t(`web_org_q_${action}`)))));
  }

  async function draw() {
    const { sessions } = await getJson("org/questions");
    const select = $("q-session");
    const ids = sessions.map((s) => s.id);
    if (!current || !ids.includes(current)) current = ids[0] || current;
    clear(select, sessions.map((s) => h("option", { value: s.id, selected: s.id === current }, `${s.title} (${s.pending})`)));
    if (!current) { clear($("q-queue"), h("p", { class: "hint" }, t("web_org_q_nothing")), await drawDecided()); return; }
    const queue = await getJson(`org/questions/session/${encodeURIComponent(current)}`);
    // A session whose last waiting question was just decided stays chosen.
    if (!ids.includes(current)) select.prepend(h("option", { value: current, selected: true }, `${queue.title} (0)`));
    clear($("q-queue"),
      h("h3", {}, t("web_org_q_pending", { count: queue.pending.length })),
      h("ul", { class: "people", id: "q-pending" }, queue.pending.map((q) => item(q, ["approve", "reject", "answer", "block"]))),
      h("h3", {}, t("web_org_q_approved", { count: queue.approved.length })),
      h("ul", { class: "people", id: "q-approved" }, queue.approved.map((q) => item(q, ["answer", "reject", "block"]))),
      await drawDecided());
  }

  return {
    async start() {
      $("q-title").textContent = t("web_org_questions");
      $("q-session-label").textContent = t("web_org_q_session");
      $("q-session").addEventListener("change", (event) => { current = event.target.value; draw(); });
      $("q-section").hidden = false;
      await draw();
    },
    draw,
  };
}
