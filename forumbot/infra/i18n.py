"""Every text a person reads, from one catalog per language.

A language's catalog is ``data/locales/<lang>.yaml`` together with every
``data/locales/<lang>/*.yaml`` (one file per area, read in name order); a key defined twice
is refused, naming both files.

Texts use named placeholders filled with ``str.format``; a test proves every key exists in
every language with the same placeholders. A text that shows a number is a mapping of CLDR
plural categories (``{one: "...", other: "..."}``; Russian also ``few`` and ``many``), and is
picked by ``t(lang, key, count=n)``.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from pathlib import Path

import yaml

from forumbot.infra.settings import PROJECT_ROOT
from forumbot.models import UI_LANGUAGES
from forumbot.plurals import category

LOCALES_DIR = PROJECT_ROOT / "data" / "locales"
FALLBACK = "en"

Entry = str | Mapping[str, str]  # a text, or its variants by plural category


def resolve_language(language_code: str | None) -> str:
    """The UI language for Telegram's ``language_code`` ("ru-RU" -> "ru"; unknown -> en)."""
    code = (language_code or "").lower().split("-")[0]
    if code in UI_LANGUAGES:
        return code
    # Kazakh, Uzbek, Tajik, Ukrainian and Belarusian readers in the region mostly read Russian.
    return "ru" if code in {"kk", "uz", "tg", "uk", "be", "tk"} else FALLBACK


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


class Catalogs:
    """The three catalogs; ``t(lang, key, **values)`` gives a text ready to show."""

    def __init__(self, catalogs: Mapping[str, Mapping[str, Entry]]) -> None:
        self._catalogs = catalogs

    @classmethod
    def load(cls, directory: Path = LOCALES_DIR) -> Catalogs:
        catalogs = {}
        for lang in UI_LANGUAGES:
            entries: dict[str, Entry] = {}
            origin: dict[str, Path] = {}
            paths = [directory / f"{lang}.yaml", *sorted((directory / lang).glob("*.yaml"))]
            for path in paths:
                data = yaml.safe_load(path.read_text(encoding="utf-8"))
                if data is None and path.parent.name == lang:
                    continue
                if not isinstance(data, dict):
                    raise ValueError(f"{path}: a catalog must be a mapping of key: text")
                for key, value in data.items():
                    name = str(key)
                    if name in entries:
                        raise ValueError(
                            f"{path}: key {name!r} is already defined in {origin[name]}"
                        )
                    entries[name] = _entry(value)
                    origin[name] = path
            catalogs[lang] = entries
        return cls(catalogs)

    def languages(self) -> tuple[str, ...]:
        return tuple(self._catalogs)

    def keys(self, lang: str) -> set[str]:
        return set(self._catalogs[lang])

    def _find(self, lang: str, key: str) -> tuple[str, Entry]:
        """The entry of ``key`` and the language it is in (English when ``lang`` lacks it)."""
        if lang in self._catalogs and key in self._catalogs[lang]:
            return lang, self._catalogs[lang][key]
        if key in self._catalogs[FALLBACK]:
            return FALLBACK, self._catalogs[FALLBACK][key]
        raise KeyError(f"no text {key!r} in the catalogs")

    def variants(self, lang: str, key: str) -> dict[str, str]:
        """A text's plural variants by category; a plain text is its only ("other") one."""
        entry = self._find(lang, key)[1]
        return dict(entry) if not isinstance(entry, str) else {"other": entry}

    def is_plural(self, lang: str, key: str) -> bool:
        return not isinstance(self._find(lang, key)[1], str)

    def raw(self, lang: str, key: str) -> str:
        """The text of ``key`` (of a plural text, its "other" variant)."""
        entry = self._find(lang, key)[1]
        return entry if isinstance(entry, str) else entry["other"]

    def t(self, lang: str, key: str, **values: object) -> str:
        found, entry = self._find(lang, key)
        if isinstance(entry, str):
            return entry.format(**values)
        count = values.get("count")
        if not isinstance(count, int | float):
            raise TypeError(f"text {key!r} has plural forms: pass count=<number>")
        return (entry.get(category(found, count)) or entry["other"]).format(**values)

    def all_of(self, key: str) -> dict[str, str]:
        """The text of ``key`` in every language (to recognise menu buttons in any of them)."""
        return {lang: self.raw(lang, key) for lang in self._catalogs}


def _entry(value: object) -> Entry:
    if isinstance(value, dict):
        return {str(c): str(text).rstrip("\n") for c, text in value.items()}
    return str(value).rstrip("\n")
