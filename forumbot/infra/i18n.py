"""Every text a person reads, from one catalog per language (data/locales/<lang>.yaml).

Texts use named placeholders filled with ``str.format``; a test proves every key exists in
every language with the same placeholders.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from pathlib import Path

import yaml

from forumbot.infra.settings import PROJECT_ROOT
from forumbot.models import UI_LANGUAGES

LOCALES_DIR = PROJECT_ROOT / "data" / "locales"
FALLBACK = "en"


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

    def __init__(self, catalogs: Mapping[str, Mapping[str, str]]) -> None:
        self._catalogs = catalogs

    @classmethod
    def load(cls, directory: Path = LOCALES_DIR) -> Catalogs:
        catalogs = {}
        for lang in UI_LANGUAGES:
            path = directory / f"{lang}.yaml"
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict):
                raise ValueError(f"{path}: a catalog must be a mapping of key: text")
            catalogs[lang] = {str(k): str(v).rstrip("\n") for k, v in data.items()}
        return cls(catalogs)

    def languages(self) -> tuple[str, ...]:
        return tuple(self._catalogs)

    def keys(self, lang: str) -> set[str]:
        return set(self._catalogs[lang])

    def raw(self, lang: str, key: str) -> str:
        catalog = self._catalogs.get(lang) or self._catalogs[FALLBACK]
        text = catalog.get(key)
        if text is None:
            text = self._catalogs[FALLBACK].get(key)
        if text is None:
            raise KeyError(f"no text {key!r} in the catalogs")
        return text

    def t(self, lang: str, key: str, **values: object) -> str:
        text = self.raw(lang, key)
        return text.format(**values)

    def all_of(self, key: str) -> dict[str, str]:
        """The text of ``key`` in every language (to recognise menu buttons in any of them)."""
        return {lang: self.raw(lang, key) for lang in self._catalogs}
