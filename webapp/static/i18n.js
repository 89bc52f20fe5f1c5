// The texts of every language came in the page (data-texts); plural texts pick their
// CLDR category with Intl.PluralRules, as the bot's catalogs do.
const ALL = JSON.parse(document.body.dataset.texts || "{}");
let lang = "en";

export function setLanguage(code) {
  lang = ALL[code] ? code : "en";
  document.documentElement.lang = lang;
}

export function language() {
  return lang;
}

export function t(key, values = {}) {
  let entry = (ALL[lang] || {})[key] ?? (ALL.en || {})[key] ?? key;
  if (typeof entry === "object") {
    const category = new Intl.PluralRules(lang).select(Number(values.count ?? 0));
    entry = entry[category] ?? entry.other;
  }
  return entry.replace(/\{(\w+)\}/g, (all, name) => (name in values ? shown(name, values[name]) : all));
}

// A number as CLDR writes it in the page's language (12 345 in ky and ru, 12,345 in en),
// as the chat's Babel does; ``digits`` decimals when given ("4,0" / "4.0").
export function formatNumber(value, digits) {
  const fixed = digits === undefined ? {} : { minimumFractionDigits: digits, maximumFractionDigits: digits };
  return new Intl.NumberFormat(lang, fixed).format(value);
}

// Counts as numbers of the language; ids (#1234) as they are.
function shown(name, value) {
  return name === "count" && typeof value === "number" ? formatNumber(value) : String(value);
}

// Day names as the chat writes them (the server's CLDR data: a browser may lack Kyrgyz).
const dayLabels = new Map();

export function setDayLabels(days) {
  days.forEach((d) => { if (d.label) dayLabels.set(d.date, d.label); });
}

export function dayLabel(isoDate) {
  if (dayLabels.has(isoDate)) return dayLabels.get(isoDate);
  const date = new Date(`${isoDate}T12:00:00Z`);
  return new Intl.DateTimeFormat(lang, { weekday: "short", day: "numeric", month: "long", timeZone: "UTC" }).format(date);
}
