"""The new edition's screens: data escaped, counts with their plural forms, lines for what
does not end left out, and the welcome-back ask without a button when nobody would get it."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from forumbot.infra.i18n import Catalogs
from forumbot.render.context import RenderCtx
from forumbot.render.editions import (
    facts_lines,
    render_edition_confirm,
    render_welcome_ask,
    render_welcome_back,
)
from forumbot.store.editions import EditionChange, Ending, Facts
from tests.helpers import MINI, load_programme

OLD = Facts(
    "old", {"en": "Old <forum>"}, {"en": "Bishkek"}, dt.date(2023, 6, 22), dt.date(2023, 6, 23)
)
NEW = Facts("new", {"en": "New & next"}, {"en": "Osh"}, dt.date(2024, 6, 30), dt.date(2024, 7, 1))


@pytest.fixture
def ctx(catalogs: Catalogs) -> RenderCtx:
    return RenderCtx("en", catalogs, load_programme(MINI).forum)


def test_the_old_and_the_new_forum_are_shown_escaped_with_their_dates(ctx: RenderCtx) -> None:
    change = EditionChange(OLD, NEW, Ending(people=1, starred=0, questions=0, feedback=0), 0)
    view = render_edition_confirm(ctx, "a<b>.yaml", 1, (), change, "0badc0de")
    assert "Old &lt;forum&gt;" in view.text and "New &amp; next" in view.text
    assert "a&lt;b&gt;.yaml" in view.text
    assert "22–23 June 2023" in view.text and "30 June – 1 July 2024" in view.text
    assert ctx.t("edition_new", count=1) in view.text
    assert "1 person carries over" in view.text
    assert "stars" not in view.text and "question" not in view.text  # none end
    assert "feedback" not in view.text
    data = [b.callback_data for row in view.keyboard.inline_keyboard for b in row]
    assert data == ["edok:0badc0de", "impno:0badc0de"]


def test_what_ends_is_counted(ctx: RenderCtx) -> None:
    change = EditionChange(OLD, NEW, Ending(people=7, starred=3, questions=2, feedback=5), 9)
    text = render_edition_confirm(ctx, "next.yaml", 40, (), change, "0badc0de").text
    assert "7 people carry over" in text and "The stars of 3 people" in text
    assert "2 round-table questions end" in text and "5 feedback answers stay" in text


def test_a_forum_without_days_shows_a_dash(ctx: RenderCtx) -> None:
    assert facts_lines(ctx, dataclasses.replace(NEW, first=None, last=None))[1] == "📅 — · 📍 Osh"


def test_the_welcome_back_ask_counts_and_has_no_button_for_nobody(ctx: RenderCtx) -> None:
    message = render_welcome_back(ctx, NEW)
    assert "New &amp; next" in message.text and "/archive" in message.text
    one = render_welcome_ask(ctx, message, 1)
    assert "goes to 1 subscriber with" in one.text and message.text in one.text
    assert one.keyboard.inline_keyboard[0][0].text == ("📤 Send to 1 subscriber")
    nobody = render_welcome_ask(ctx, message, 0)
    assert nobody.keyboard is None and ctx.t("edition_welcome_nobody") in nobody.text
