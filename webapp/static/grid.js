// The day grid: halls as columns, time as rows (a row a 5 minutes), a "now" line, cancelled
// sessions struck through; and the list, the same sessions one under another.
import { h, hhmm } from "./dom.js";
import { t } from "./i18n.js";

const SLOT = 5; // minutes a grid row stands for

function block(state, s, onOpen) {
  const starred = state.starred.has(s.id);
  return h("button", {
    class: `slot kind-${s.kind}${s.cancelled ? " cancelled" : ""}${starred ? " starred" : ""}`,
    "data-session": s.id,
    onclick: () => onOpen(s.id),
  },
  h("span", { class: "time" }, `${hhmm(s.start)}–${hhmm(s.end)}`, starred ? " ★" : ""),
  h("span", { class: "title" }, s.title),
  s.cancelled ? h("span", { class: "badge" }, t("web_cancelled")) : null);
}

export function renderGrid(state, sessions, day, onOpen) {
  const rooms = state.data.rooms.filter((r) => sessions.some((s) => s.room === r.id));
  if (!sessions.length) return h("p", { class: "muted" }, t("web_no_sessions_day"));
  const first = Math.floor(Math.min(...sessions.map((s) => s.start)) / 60) * 60;
  const last = Math.ceil(Math.max(...sessions.map((s) => s.end)) / 60) * 60;
  const rows = Math.max(1, (last - first) / SLOT);
  const column = new Map(rooms.map((r, i) => [r.id, i + 2]));
  const row = (minutes) => Math.round((minutes - first) / SLOT) + 2;
  const grid = h("div", {
    class: "grid",
    style: {
      gridTemplateColumns: `3.5rem repeat(${rooms.length}, minmax(9rem, 1fr))`,
      gridTemplateRows: `auto repeat(${rows}, var(--slot-height))`,
    },
  });
  rooms.forEach((r) => grid.append(h("div", { class: "hall", style: { gridColumn: column.get(r.id), gridRow: 1 } }, r.name)));
  for (let m = first; m < last; m += 30) {
    grid.append(h("div", { class: "hour", style: { gridColumn: 1, gridRow: `${row(m)} / span ${30 / SLOT}` } }, hhmm(m)));
  }
  for (const s of sessions) {
    const el = block(state, s, onOpen);
    el.style.gridColumn = column.get(s.room);
    el.style.gridRow = `${row(s.start)} / ${Math.max(row(s.end), row(s.start) + 1)}`;
    grid.append(el);
  }
  const now = state.nowIn(day);
  if (now !== null && now >= first && now <= last) {
    grid.append(h("div", {
      class: "now-line", "data-now": hhmm(now),
      style: { gridColumn: `1 / -1`, gridRow: `${row(now)}` },
    }, h("span", { title: t("web_now") }, hhmm(now))));
  }
  return h("div", { class: "grid-wrap" }, grid);
}

export function renderList(state, sessions, day, onOpen) {
  if (!sessions.length) return h("p", { class: "muted" }, t("web_no_sessions_day"));
  const now = state.nowIn(day);
  const rooms = new Map(state.data.rooms.map((r) => [r.id, r.name]));
  return h("ol", { class: "list" }, sessions.map((s) => h("li", {
    class: now !== null && s.start <= now && now < s.end && !s.cancelled ? "on-now" : null,
  },
  block(state, s, onOpen),
  h("span", { class: "where muted" }, `${rooms.get(s.room) || s.room} · ${s.kindLabel}`))));
}
