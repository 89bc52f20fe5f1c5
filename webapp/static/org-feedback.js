// The console's feedback: per session (the programme's order) the answers, the average and
// how many gave each mark from 1 to 5, drawn as bars (no inline style in the page: widths are
// set through the DOM, which the Content-Security-Policy allows).
import { getJson } from "./api.js";
import { clear, h } from "./dom.js";
import { formatNumber, t } from "./i18n.js";

const $ = (id) => document.getElementById(id);

function chart(session) {
  const most = Math.max(1, ...session.counts);
  return h("li", { "data-feedback": session.id },
    h("p", {}, h("strong", {}, session.title), " · ",
      t("web_org_fb_summary", { count: session.count, average: session.averageText })),
    h("ol", { class: "bars" }, session.counts.map((n, i) => h("li", { "data-mark": i + 1 },
      h("span", { class: "mark" }, "★".repeat(i + 1)),
      h("span", { class: "fb-bar", style: { width: `${(60 * n) / most}%` } }),
      h("span", { class: "n" }, formatNumber(n))))));
}

export async function drawFeedback() {
  const { sessions } = await getJson("org/feedback");
  $("fb-title").textContent = t("web_org_feedback");
  clear($("fb-list"), sessions.length ? sessions.map(chart) : h("li", { class: "hint" }, t("web_org_fb_none")));
  $("fb-section").hidden = false;
}
