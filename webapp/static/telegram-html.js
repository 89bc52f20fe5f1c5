// Telegram HTML (what the chat sends) drawn as the chat draws it, safely: parsed into an
// inert document (no script runs), then rebuilt from text and Telegram's own few tags only.
import { h } from "./dom.js";

const TAGS = { b: "b", strong: "b", i: "i", em: "i", u: "u", ins: "u", s: "s", strike: "s",
  del: "s", code: "code", pre: "pre", blockquote: "blockquote", "tg-spoiler": "span" };

function rebuild(node) {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent;
  if (node.nodeType !== Node.ELEMENT_NODE) return null;
  const children = [...node.childNodes].map(rebuild);
  const tag = node.tagName.toLowerCase();
  if (tag === "a") {
    const href = node.getAttribute("href") || "";
    return /^(https?:|tg:|mailto:)/i.test(href)
      ? h("a", { href, target: "_blank", rel: "noopener noreferrer" }, children) : children;
  }
  return TAGS[tag] ? h(TAGS[tag], tag === "tg-spoiler" ? { class: "spoiler" } : {}, children) : children;
}

export function fromTelegramHtml(html) {
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html");
  return [...doc.body.childNodes].map(rebuild).flat();
}
