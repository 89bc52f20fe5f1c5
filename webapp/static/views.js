// The session card with its star, my agenda with its overlaps, the speakers, the venue.
import { h, hhmm } from "./dom.js";
import { dayLabel, t } from "./i18n.js";
import { questionsSection } from "./questions.js";

function when(s) {
  return `${dayLabel(s.day)}, ${hhmm(s.start)}–${hhmm(s.end)}`;
}

function people(state, ids) {
  return ids.map((id) => state.speakers.get(id)).filter(Boolean);
}

export function renderCard(state, s, onStar, onSpeaker) {
  const rooms = new Map(state.data.rooms.map((r) => [r.id, r.name]));
  const starred = state.starred.has(s.id);
  const named = (title, list) => list.length ? h("section", {},
    h("h3", {}, title),
    h("ul", { class: "people" }, list.map((p) => h("li", {},
      h("button", { class: "link", onclick: () => onSpeaker(p.id) }, p.name),
      p.position || p.organisation ? h("span", { class: "muted" }, ` — ${[p.position, p.organisation].filter(Boolean).join(", ")}`) : null)))) : null;
  return h("article", { class: "card", "data-session": s.id },
    h("h2", { class: s.cancelled ? "cancelled" : null }, s.title),
    h("p", { class: "muted" }, when(s), " · ", rooms.get(s.room) || s.room, " · ", s.kindLabel,
      s.cancelled ? h("strong", {}, ` · ${t("web_cancelled")}`) : null),
    s.cancelled ? null : h("button", {
      class: `star${starred ? " on" : ""}`, "aria-pressed": starred ? "true" : "false",
      onclick: () => onStar(s.id, !starred),
    }, starred ? t("web_unstar") : t("web_star")),
    s.description ? h("p", { class: "description" }, s.description) : null,
    questionsSection(s),
    named(t("web_moderators"), people(state, s.moderators)),
    named(t("web_speakers"), people(state, s.speakers)));
}

export function renderAgenda(state, onOpen) {
  const mine = state.data.sessions.filter((s) => state.starred.has(s.id));
  if (!mine.length) return h("p", { class: "muted" }, t("web_agenda_empty"));
  const byDay = new Map();
  mine.forEach((s) => byDay.set(s.day, [...(byDay.get(s.day) || []), s]));
  return h("div", { class: "agenda" }, [...byDay].map(([day, list]) => h("section", {},
    h("h2", {}, dayLabel(day)),
    h("ol", { class: "list" }, list.map((s) => {
      const others = state.conflicts[s.id] || [];
      const first = others.length ? state.sessions.get(others[0]) : null;
      return h("li", { class: others.length ? "conflict" : null },
        h("button", { class: `slot${s.cancelled ? " cancelled" : ""}`, "data-session": s.id, onclick: () => onOpen(s.id) },
          h("span", { class: "time" }, `${hhmm(s.start)}–${hhmm(s.end)}`),
          h("span", { class: "title" }, s.title)),
        first ? h("p", { class: "warn" }, "⚠️ ", t("web_conflict", { title: first.title })) : null);
    })))));
}

export function renderSpeakers(state, onOpen, onSpeaker, only) {
  const list = state.data.speakers.filter((p) => !only || only.has(p.id));
  return h("ul", { class: "speakers" }, list.map((p) => h("li", {},
    h("button", { class: "link", onclick: () => onSpeaker(p.id) }, p.name),
    p.position || p.organisation ? h("div", { class: "muted" }, [p.position, p.organisation].filter(Boolean).join(", ")) : null)));
}

export function renderSpeaker(state, p, onOpen) {
  const theirs = state.data.sessions.filter((s) => s.speakers.includes(p.id) || s.moderators.includes(p.id));
  return h("article", { class: "card" },
    h("h2", {}, p.name),
    p.position || p.organisation ? h("p", { class: "muted" }, [p.position, p.organisation].filter(Boolean).join(", ")) : null,
    p.bio ? h("p", { class: "description" }, p.bio) : null,
    h("h3", {}, t("web_sessions_of")),
    h("ul", { class: "people" }, theirs.map((s) => h("li", {},
      h("button", { class: "link", onclick: () => onOpen(s.id) }, s.title),
      h("span", { class: "muted" }, ` — ${when(s)}`)))));
}

export function renderVenue(state) {
  const v = state.data.venue;
  const map = v ? `https://www.openstreetmap.org/?mlat=${v.latitude}&mlon=${v.longitude}#map=16/${v.latitude}/${v.longitude}` : null;
  return h("div", { class: "venue" },
    v ? h("article", { class: "card" },
      h("h2", {}, v.name),
      h("p", {}, v.address),
      v.howToGet ? h("section", {}, h("h3", {}, t("web_directions")), h("p", { class: "description" }, v.howToGet)) : null,
      h("a", { href: map, target: "_blank", rel: "noopener noreferrer" }, t("web_map"))) : null,
    state.data.pages.map((p) => h("article", { class: "card" }, h("h2", {}, p.title), h("p", { class: "description" }, p.body))));
}
