// The console's programme table with the chat's quick changes: a new time (typed as in the
// chat), another hall, cancel or restore. Each change is previewed first (what changes, the
// people told, what it collides with), then applied, or "applied anyway" past a clash.
import { ApiError, programme } from "./api.js";
import { clear, h, hhmm } from "./dom.js";
import { dayLabel, setDayLabels, t } from "./i18n.js";

const $ = (id) => document.getElementById(id);

export function createTable(send, changed) {
  let data = null;

  function clashLines(clashes) {
    const lines = [...clashes.hall.map((s) => t("web_org_pc_clash_hall", { title: s.title })),
      ...clashes.speakers.map((s) => t("web_org_pc_clash_speaker", { title: s.title }))];
    if (clashes.started) lines.push(t("web_org_pc_started"));
    return lines.map((line) => h("li", {}, line));
  }

  async function propose(session, body) {
    const box = document.querySelector(`[data-preview='${session.id}']`);
    let preview;
    try {
      preview = await send("POST", `sessions/${encodeURIComponent(session.id)}`, body);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 400) throw error;
      clear(box, h("p", { class: "error" }, t(`web_org_pc_${error.code}`)));
      return;
    }
    if (!preview.kinds.length) { clear(box, h("p", {}, t("web_org_pc_nothing"))); return; }
    const clash = preview.clashes.hall.length || preview.clashes.speakers.length || preview.clashes.started;
    clear(box,
      h("p", {}, preview.kinds.map((k) => t(`web_org_pc_kind_${k}`)).join(", "), " · ",
        t("web_org_pc_people", { count: preview.people })),
      h("ul", { class: "clashes" }, clashLines(preview.clashes)),
      h("button", { class: "star", "data-do": "apply", onclick: () => apply(session, body, Boolean(clash)) },
        t(clash ? "web_org_pc_apply_anyway" : "web_org_pc_apply")), " ",
      h("button", { class: "link", onclick: () => clear(box) }, t("web_org_q_cancel")));
  }

  async function apply(session, body, anyway) {
    try {
      await send("POST", `sessions/${encodeURIComponent(session.id)}`, { ...body, apply: true, anyway });
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) { await propose(session, body); return; }
      throw error;
    }
    $("pc-status").textContent = t("web_org_pc_applied");
    await draw();
    await changed();
  }

  function row(session) {
    const time = h("input", { type: "text", size: 11, "aria-label": t("web_org_pc_time"),
      value: `${hhmm(session.start)}-${hhmm(session.end)}` });
    const hall = h("select", { "aria-label": t("web_org_pc_hall"),
      onchange: () => propose(session, { room: hall.value }) },
    data.rooms.map((r) => h("option", { value: r.id, selected: r.id === session.room }, r.name)));
    return [h("tr", { "data-session": session.id, class: session.cancelled ? "cancelled" : null },
      h("td", {}, dayLabel(session.day)), h("td", {},
        h("form", { onsubmit: (event) => { event.preventDefault(); propose(session, { time: time.value }); } },
          time, " ", h("button", { class: "link", type: "submit", "data-do": "time" }, t("web_org_pc_move")))),
      h("td", {}, hall), h("td", {}, session.title),
      h("td", {}, h("button", { class: "link", "data-do": session.cancelled ? "restore" : "cancel",
        onclick: () => propose(session, { cancelled: !session.cancelled }) },
      t(session.cancelled ? "web_org_pc_restore" : "web_org_pc_cancel")))),
    h("tr", {}, h("td", { colspan: 5, "data-preview": session.id }))];
  }

  async function draw() {
    data = (await programme()).data;
    setDayLabels(data.days);
    const sessions = [...data.sessions].sort((a, b) => a.at.localeCompare(b.at));
    clear($("pc-table"), h("thead", {}, h("tr", {}, ["web_org_pc_day", "web_org_pc_time", "web_org_pc_hall",
      "web_org_pc_title", ""].map((k) => h("th", {}, k ? t(k) : "")))),
    h("tbody", {}, sessions.flatMap(row)));
  }

  return {
    async start() {
      $("pc-title").textContent = t("web_org_programme");
      $("pc-section").hidden = false;
      await draw();
    },
  };
}
