// A delivery's progress over time as plain SVG: sent, failed, blocked and still to send,
// one line each, against the seconds since watching began. No inline style: colours come
// from the stylesheet through each line's class.
import { t } from "./i18n.js";

const NS = "http://www.w3.org/2000/svg";
export const SERIES = [["sent", "web_org_dl_sent"], ["failed", "web_org_dl_failed"],
  ["blocked", "web_org_dl_blocked"], ["pending", "web_org_dl_pending"]];
const W = 320, H = 140, PAD = 24;

function svg(tag, attrs, text) {
  const el = document.createElementNS(NS, tag);
  for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, String(value));
  if (text !== undefined) el.textContent = text;
  return el;
}

// points: [{ t: seconds, sent, failed, blocked, pending, total }]
export function drawChart(root, points) {
  const last = points[points.length - 1] || { t: 0, total: 0 };
  const most = Math.max(1, last.total, ...points.map((p) => p.pending));
  const span = Math.max(0.1, last.t);
  const x = (s) => PAD + ((W - 2 * PAD) * s) / span;
  const y = (n) => H - PAD - ((H - 2 * PAD) * n) / most;
  root.setAttribute("viewBox", `0 0 ${W} ${H}`);
  root.setAttribute("role", "img");
  root.replaceChildren(
    svg("line", { x1: PAD, y1: H - PAD, x2: W - PAD, y2: H - PAD, class: "axis" }),
    svg("line", { x1: PAD, y1: PAD, x2: PAD, y2: H - PAD, class: "axis" }),
    svg("text", { x: PAD - 4, y: PAD + 4, "text-anchor": "end", class: "tick" }, String(most)),
    svg("text", { x: PAD - 4, y: H - PAD, "text-anchor": "end", class: "tick" }, "0"),
    svg("text", { x: W - PAD, y: H - 6, "text-anchor": "end", class: "tick" },
      t("web_org_dl_seconds", { count: Number(span.toFixed(1)) })),
    ...SERIES.map(([key]) => svg("polyline", { class: `series ${key}`, "data-series": key,
      points: points.map((p) => `${x(p.t).toFixed(1)},${y(p[key]).toFixed(1)}`).join(" ") })),
    // Each reading as a dot too: a delivery over before the second reading is one point.
    ...SERIES.flatMap(([key]) => points.map((p) => svg("circle", { class: `dot ${key}`,
      cx: x(p.t).toFixed(1), cy: y(p[key]).toFixed(1), r: 2.5 }))));
  root.setAttribute("aria-label", SERIES.map(([key, label]) => `${t(label)}: ${last[key] ?? 0}`).join(", "));
}
