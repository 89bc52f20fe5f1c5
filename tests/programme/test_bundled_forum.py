"""The bundled forum says what the article says, and marks what it does not (issue 13, item 18)."""

from __future__ import annotations

import re

import pytest

from forumbot.infra.i18n import Catalogs
from forumbot.models import UI_LANGUAGES, Day
from forumbot.programme import load_programme, parse_programme
from forumbot.programme.export import export_yaml
from forumbot.render.context import RenderCtx
from forumbot.render.info import render_info_list
from forumbot.render.programme import person_line, render_days
from tests.helpers import BUNDLED

PROGRAMME = load_programme(BUNDLED)
SPEAKERS = {p.id: p for p in PROGRAMME.speakers}
NOTE_START = {
    "en": "Please note: the source article gives no times or halls",
    "ru": "Обратите внимание: в исходной статье нет ни времени, ни залов",
    "ky": "Эскертүү: булак макалада убакыт жана залдар айтылган эмес",
}


def ctx(lang: str, catalogs: Catalogs) -> RenderCtx:
    return RenderCtx(lang, catalogs, PROGRAMME.forum)


@pytest.mark.parametrize("lang", UI_LANGUAGES)
def test_the_programme_and_info_say_once_that_times_and_halls_are_illustrative(
    catalogs: Catalogs, lang: str
) -> None:
    days = [(Day(d.date, d.title), 3) for d in PROGRAMME.days]
    programme = render_days(ctx(lang, catalogs), days).text
    info = render_info_list(ctx(lang, catalogs), PROGRAMME.info).text
    assert programme.count(NOTE_START[lang]) == 1
    assert info.count(NOTE_START[lang]) == 1
    # Set apart from the title and what follows by one blank line each, never two.
    assert "\n\n\n" not in programme and "\n\n\n" not in info
    assert f"\n\n<i>{NOTE_START[lang]}" in programme and f"\n\n<i>{NOTE_START[lang]}" in info


def test_the_note_survives_an_export_and_a_re_import() -> None:
    again = parse_programme(export_yaml(PROGRAMME), "export.yaml")
    assert again.forum.note == PROGRAMME.forum.note


def test_no_invented_news_is_shown_as_fact() -> None:
    texts = [t for p in PROGRAMME.posts for t in (*p.title.values(), *p.body.values())]
    assert [t for t in texts if "09:00" in t] == []


def test_bios_carry_no_editorial_notes_and_english_no_cyrillic() -> None:
    notes = re.compile(r"source article|исходной статье|булак макалада|most likely|вероятно")
    texts = {
        (p.id, lang): text
        for p in PROGRAMME.speakers
        for field in (p.bio, p.position, p.organisation)
        for lang, text in (field or {}).items()
    }
    assert [k for k, t in texts.items() if notes.search(t)] == []
    cyrillic = re.compile(r"[А-Яа-яЁёӨөҮүҢң]")
    assert [k for k, t in texts.items() if k[1] == "en" and cyrillic.search(t)] == []


@pytest.mark.parametrize(
    ("lang", "person", "said"),
    [
        ("ky", "usupbekova", "— «Жарандык платформа» коомдук фондунун директору"),
        ("ru", "usupbekova", "— Директор, Общественный фонд «Гражданская платформа»"),
        ("en", "salavat", "<b>Saikal Salavat</b> — Student, BSU"),
        ("ky", "salavat", "<b>Сайкал Салават</b> — БГУнун студенти"),
    ],
)
def test_a_person_line_reads_in_the_language_s_own_order(
    catalogs: Catalogs, lang: str, person: str, said: str
) -> None:
    assert person_line(ctx(lang, catalogs), SPEAKERS[person]).endswith(said)


def test_the_summary_is_the_corrected_article_and_says_so() -> None:
    [summary] = [p for p in PROGRAMME.posts if p.kind == "summary"]
    typos = ["электроалдык", "элоктроалдык", "ошщондой", "жогрулатууну", "камсыз кылыт"]
    typos += ["министриинин", "ажырагыз", "тийигизген", "жаактыруусуна"]
    assert [t for t in typos if t in summary.body["ky"]] == []
    assert summary.body["ky"].rstrip().endswith("макаланын негизинде даярдалды.")
    assert summary.body["ru"].rstrip().endswith("Подготовлено по статье от 23 июня 2023 года.")
    assert summary.body["en"].rstrip().endswith("Based on the article of 23 June 2023.")


def test_round_table_descriptions_read_well_before_and_after_the_session() -> None:
    past = re.compile(r"\b(spoke|covered|were invited|noted)\b|говорили|высказались|отметили")
    past_ky = re.compile(r"сөз кылышты|белгилешти|чакырылган\.|айтышты")
    tables = [s for s in PROGRAMME.sessions if s.kind == "round_table"]
    assert tables
    for s in tables:
        assert s.description is not None
        assert not past.search(s.description["en"] + s.description["ru"]), s.id
        assert not past_ky.search(s.description["ky"]), s.id
