// The bot's search folding (forumbot/rules/search.py), for the offline search: case,
// NFKC, Kyrgyz and Russian look-alikes (ѳ/ө → о, ё → е …), Latin letters inside Cyrillic
// words. The tables are the Python module's (tests/web/test_fold.py compares them, and
// tests/browser/test_search.py runs both over the same strings).
const CYRILLIC_FOLD = ["ѳөүңёйъѣ", "ооунеиье"];
const LATIN_LOOKALIKES = ["abcehkmoptxyi", "авсенкмортхуі"];
const CYRILLIC = /[\u0400-\u04ff]/u;
const WORD = /[\p{L}\p{N}_]+/gu; // Python's \w: letters, numbers, the underscore

function table([from, to]) {
  const map = new Map();
  [...from].forEach((c, i) => map.set(c, [...to][i]));
  return map;
}
const CYRILLIC_MAP = table(CYRILLIC_FOLD);
const LATIN_MAP = table(LATIN_LOOKALIKES);

function translate(word, map) {
  return [...word].map((c) => map.get(c) ?? c).join("");
}

// Python's str.casefold() where it differs from lower-casing: ß, final sigma.
function casefold(text) {
  return text.toLowerCase().replace(/ß/g, "ss").replace(/ς/g, "σ");
}

export function foldWord(word) {
  let w = word;
  if (CYRILLIC.test(w)) w = translate(w, LATIN_MAP).replace(/і/g, "и");
  return translate(w, CYRILLIC_MAP);
}

// The search words of a text, as the bot indexes and reads them.
export function words(text) {
  const folded = casefold(String(text).normalize("NFKC")).normalize("NFC");
  return (folded.match(WORD) || []).map(foldWord);
}

// Every word of the query begins a word of the text (the bot's prefix match).
export function matches(queryWords, textWords) {
  return queryWords.every((q) => textWords.some((w) => w.startsWith(q)));
}
