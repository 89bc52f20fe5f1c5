"""The catalogs: every text in every language, with the same placeholders, valid for Telegram."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import forumbot
import handlers
from forumbot.infra.i18n import Catalogs, placeholders, resolve_language
from forumbot.models import UI_LANGUAGES
from forumbot.plurals import categories
from forumbot.programme import load_programme
from forumbot.render.menu import COMMANDS, MENU_BUTTONS, menu_labels
from tests.helpers import BUNDLED, html_problems


def all_keys(catalogs: Catalogs) -> set[str]:
    return set().union(*(catalogs.keys(lang) for lang in UI_LANGUAGES))


@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_every_key_exists_in_every_language(catalogs: Catalogs, lang: str) -> None:
    assert sorted(all_keys(catalogs) - catalogs.keys(lang)) == []


def test_placeholders_match_across_languages(catalogs: Catalogs) -> None:
    # Every plural variant of every language names the same placeholders.
    mismatched = {
        key: {
            f"{lang}.{category}": placeholders(text)
            for lang in UI_LANGUAGES
            for category, text in catalogs.variants(lang, key).items()
        }
        for key in all_keys(catalogs)
    }
    mismatched = {
        k: v for k, v in mismatched.items() if len({frozenset(p) for p in v.values()}) > 1
    }
    assert mismatched == {}


def test_cldr_plural_categories_of_the_three_languages() -> None:
    assert categories("en") == {"one", "other"}
    assert categories("ky") == {"one", "other"}
    assert categories("ru") == {"one", "few", "many", "other"}


@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_plural_texts_have_exactly_the_categories_their_language_needs(
    catalogs: Catalogs, lang: str
) -> None:
    wrong = {
        key: sorted(catalogs.variants(lang, key))
        for key in catalogs.keys(lang)
        if catalogs.is_plural(lang, key) and set(catalogs.variants(lang, key)) != categories(lang)
    }
    assert wrong == {}


def test_a_text_with_plural_forms_has_them_in_every_language_and_names_count(
    catalogs: Catalogs,
) -> None:
    plural = {key for key in all_keys(catalogs) if catalogs.is_plural("en", key)}
    assert plural, "the catalogs carry plural texts"
    for lang in UI_LANGUAGES:
        assert {k for k in catalogs.keys(lang) if catalogs.is_plural(lang, k)} == plural, lang
    assert [k for k in plural if "count" not in placeholders(catalogs.raw("en", k))] == []


def test_placeholders_reads_format_fields() -> None:
    assert placeholders("{day}-{month}, {weekday} {{literal}}") == {"day", "month", "weekday"}


def test_every_text_formats_and_is_valid_telegram_html(catalogs: Catalogs) -> None:
    for lang in UI_LANGUAGES:
        for key in sorted(catalogs.keys(lang)):
            for variant in catalogs.variants(lang, key).values():
                text = variant.format(**{name: "X" for name in placeholders(variant)})
                assert text.strip(), (lang, key)
                assert html_problems(text) == [], (lang, key, text)


def test_texts_the_renderers_use_exist(catalogs: Catalogs) -> None:
    needed = {f"cmd_{c}" for c in COMMANDS} | set(MENU_BUTTONS)
    needed |= {"date_pattern", "short_date_pattern", "date_range", "date_range_months"}
    needed |= {f"kind_{k}" for k in ("opening", "plenary", "round_table", "school")}
    needed |= {f"kind_{k}" for k in ("resolution", "closing", "break", "other")}
    assert needed - catalogs.keys("en") == set()


def test_kyrgyz_catalog_never_uses_fita(catalogs: Catalogs) -> None:
    offenders = [k for k in catalogs.keys("ky") if "ѳ" in catalogs.raw("ky", k).casefold()]
    assert offenders == []


def test_bundled_forum_kyrgyz_texts_never_use_fita() -> None:
    programme = load_programme(BUNDLED)
    texts = [programme.forum.title, *(s.title for s in programme.sessions)]
    texts += [t for sp in programme.speakers for t in (sp.name, sp.position, sp.bio) if t]
    texts += [t for p in programme.posts for t in (p.title, p.body)]
    assert [t["ky"] for t in texts if "ѳ" in t.get("ky", "").casefold()] == []


@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_menu_labels_are_unique_per_language(catalogs: Catalogs, lang: str) -> None:
    labels = [catalogs.raw(lang, key) for key in MENU_BUTTONS]
    assert len(set(labels)) == len(labels)


def test_each_menu_label_stands_for_one_command(catalogs: Catalogs) -> None:
    commands_of: dict[str, set[str]] = {}
    for key, command in MENU_BUTTONS.items():
        for label in catalogs.all_of(key).values():
            commands_of.setdefault(label, set()).add(command)
    assert {label: c for label, c in commands_of.items() if len(c) > 1} == {}
    labels = menu_labels(catalogs)
    assert labels[catalogs.raw("ky", "menu_now")] == "now"
    assert labels[catalogs.raw("ru", "menu_search")] == "search"
    assert set(labels.values()) == set(MENU_BUTTONS.values())


def test_menu_labels_do_not_clash_with_other_texts_a_user_may_type(catalogs: Catalogs) -> None:
    # A menu label that is also a command name would be taken for a search otherwise.
    assert not [label for label in menu_labels(catalogs) if label.startswith("/")]


@pytest.mark.parametrize(
    ("code", "lang"),
    [
        ("ru-RU", "ru"),
        ("ru", "ru"),
        ("ky", "ky"),
        ("KY-kg", "ky"),
        ("en-GB", "en"),
        ("kk", "ru"),
        ("uz", "ru"),
        ("de", "en"),
        ("", "en"),
        (None, "en"),
    ],
)
def test_resolve_language(code: str | None, lang: str) -> None:
    assert resolve_language(code) == lang


def test_missing_text_falls_back_to_english() -> None:
    catalogs = Catalogs({"ky": {}, "ru": {"a": "б"}, "en": {"a": "a", "b": "B {x}"}})
    assert catalogs.t("ky", "a") == "a"
    assert catalogs.t("ru", "a") == "б"
    assert catalogs.t("de", "b", x=1) == "B 1"
    with pytest.raises(KeyError, match="'zzz'"):
        catalogs.t("en", "zzz")


def test_a_plural_text_is_picked_by_cldr_rules() -> None:
    forms = {"one": "{count} сессия", "few": "{count} сессии", "many": "{count} сессий"}
    catalogs = Catalogs({"ky": {}, "ru": {"n": {**forms, "other": "{count} сессии"}}, "en": {}})
    said = [catalogs.t("ru", "n", count=n) for n in (1, 3, 5, 11, 21, 22, 111, 1.5)]
    assert said == [
        "1 сессия", "3 сессии", "5 сессий", "11 сессий", "21 сессия", "22 сессии",
        "111 сессий", "1.5 сессии",
    ]  # fmt: skip
    with pytest.raises(TypeError, match="count="):
        catalogs.t("ru", "n")


# --- button labels: short enough for a narrow phone (issue 13, item 19) -------------------------

BUTTON_LIMIT = 24  # characters; longer labels are cut ("…") on narrow phones
# Labels a renderer builds through a variable key or a helper, so the scan below misses them.
INDIRECT_LABELS = {
    "feedback_name_on": "", "feedback_name_off": "", "star": "☆ ", "unstar": "⭐ ",
    "audience_everyone": "", "audience_topic": "", "audience_language": "", "audience_urgent": "",
    "topic_announcements": "✅ ", "topic_summaries": "✅ ", "topic_digest": "✅ ",
    "topic_feedback": "✅ ", "lead_off": "✅ 🔕 ", "lead_minutes": "✅ ", "qc_room": "",
    "info_edit_lang": "", "day_button": "", "filter_by_track": "🏷 ", "filter_by_room": "📍 ",
    "filter_by_lang": "🗣 ",
}  # fmt: skip
# Justified exceptions: the button over inline results spans the whole results panel.
LONG_LABELS = {"inline_nothing"}
_BUTTON = re.compile(r'(?:button|Button)\(\s*(?:"([^"]*)"\s*\+\s*)?ctx\.label\(\s*"(\w+)"')


def button_labels() -> dict[str, str]:
    """Catalog keys used as button labels, with the prefix the renderer puts before them."""
    roots = [Path(forumbot.__file__).parent, Path(handlers.__file__).parent]
    source = "\n".join(p.read_text(encoding="utf-8") for r in roots for p in r.rglob("*.py"))
    found = {key: prefix for prefix, key in _BUTTON.findall(source)}
    return {**found, **INDIRECT_LABELS, **dict.fromkeys(MENU_BUTTONS, "")}


def test_the_scan_finds_the_button_labels() -> None:
    labels = button_labels()
    assert {"refresh", "feedback_stats_csv", "organisers_pick", "info_edit_all"} <= set(labels)
    assert labels["refresh"] == "🔄 "


@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_button_labels_fit_a_narrow_phone(catalogs: Catalogs, lang: str) -> None:
    too_long = {}
    for key, prefix in button_labels().items():
        for variant in catalogs.variants(lang, key).values():
            # The catalog's own words count; a placeholder's value (a name) is clipped apart.
            label = prefix + variant.format(**dict.fromkeys(placeholders(variant), ""))
            if len(label) > BUTTON_LIMIT and key not in LONG_LABELS:
                too_long[key] = label
    assert too_long == {}


def test_a_catalog_may_be_split_into_area_files_and_a_key_twice_is_refused(
    tmp_path: Path,
) -> None:
    for lang in UI_LANGUAGES:
        (tmp_path / f"{lang}.yaml").write_text("hello: Hi\n", encoding="utf-8")
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "organiser.yaml").write_text("stats_title: Stats\n", encoding="utf-8")
    catalogs = Catalogs.load(tmp_path)
    assert catalogs.t("ky", "stats_title") == "Stats"
    assert catalogs.t("ru", "hello") == "Hi"

    (tmp_path / "ru" / "zz.yaml").write_text("hello: Привет\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"zz\.yaml: key 'hello' is already defined in"):
        Catalogs.load(tmp_path)


def test_decimals_are_written_as_each_language_writes_them() -> None:
    from forumbot.plurals import format_number

    assert [format_number(lang, 4.0) for lang in ("ky", "ru", "en")] == ["4,0", "4,0", "4.0"]
    assert format_number("ru", 11 / 3) == "3,7"
