// A session's questions on its card: the approved ones by votes (👍 votes once, again takes
// the vote back: the chat's store), and "Ask a question", which goes to the moderators'
// queue as a question typed in the chat does. Nothing pending is shown here.
import { ApiError, getJson, sendJson } from "./api.js";
import { clear, h } from "./dom.js";
import { t } from "./i18n.js";
import { haptic } from "./telegram.js";

const ERRORS = { 429: "web_rate_limited", 403: "web_forgotten" };

function problem(error) {
  if (error instanceof ApiError && error.text) return error.text; // the server's words, in my language
  return t((error instanceof ApiError && ERRORS[error.status]) || "web_error");
}

function item(q, onVote) {
  const label = q.voted ? t("web_q_unvote_label") : t("web_q_vote_label");
  return h("li", { "data-question": q.id, class: q.answered ? "answered" : null },
    q.answered
      ? h("span", { class: "q-votes muted" }, t("web_q_vote", { count: q.votes }))
      : h("button", { class: `q-vote${q.voted ? " on" : ""}`, "aria-pressed": q.voted ? "true" : "false",
        "aria-label": label, title: label, onclick: () => onVote(q) }, t("web_q_vote", { count: q.votes })),
    h("span", { class: "q-text" }, q.text),
    q.answered ? h("span", { class: "muted" }, ` · ${t("web_q_answered")}`) : null);
}

function askForm(data, section) {
  const status = h("p", { class: "q-status", role: "status", "aria-live": "polite" });
  const text = h("textarea", { id: "q-text", rows: 3, maxlength: data.maxLength, placeholder: t("web_q_placeholder") });
  const form = h("form", { class: "q-ask", hidden: true }, text,
    h("button", { type: "submit", class: "button" }, t("web_q_send")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!text.value.trim()) { status.textContent = t("web_q_empty"); return; }
    try {
      await sendJson("POST", `questions/session/${encodeURIComponent(data.session)}`, { text: text.value });
      haptic();
      text.value = "";
      form.hidden = true;
      open.hidden = false;
      status.textContent = t("web_q_sent");
      section.dataset.asked = "1";
    } catch (error) {
      status.textContent = problem(error);
    }
  });
  const open = h("button", { class: "button q-open", type: "button", onclick: () => {
    form.hidden = false; open.hidden = true; status.textContent = ""; text.focus();
  } }, t("web_q_ask"));
  return [open, form, status];
}

// The questions part of a session's card: filled once the server answers (nothing offline).
export function questionsSection(session) {
  const section = h("section", { class: "questions", "data-questions": session.id });
  let form = null;

  async function vote(q) {
    haptic();
    try {
      await sendJson(q.voted ? "DELETE" : "PUT", `questions/${q.id}/vote`);
      await draw();
    } catch (error) {
      section.querySelector(".q-status").textContent = problem(error);
    }
  }

  async function draw() {
    let data;
    try {
      data = await getJson(`questions/session/${encodeURIComponent(session.id)}`);
    } catch { section.hidden = true; return; }
    if (!form && data.accepts) form = askForm(data, section);
    const list = data.questions.length
      ? h("ol", { class: "q-list" }, data.questions.map((q) => item(q, vote)))
      : h("p", { class: "muted" }, t("web_q_none"));
    clear(section, h("h3", {}, t("web_q_title")), list, form || []);
    section.dataset.loaded = "1";
  }

  if (session.questions) draw();
  else section.hidden = true;
  return section;
}
