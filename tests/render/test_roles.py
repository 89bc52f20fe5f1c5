"""Roles and invitation links in words: names from the file or the catalogs, a link's terms
(who may use it, until when, in the forum's zone), the role picker with counts."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from forumbot.models import Role, Speaker
from forumbot.render.context import RenderCtx
from forumbot.render.roles import (
    by_id,
    render_invite_made,
    render_role_picker,
    role_label,
    terms,
)
from forumbot.rules.invitations import Invite
from tests.helpers import bishkek

CEC = Role("cec_staff", {"ky": "БШК кызматкери", "ru": "Сотрудник ЦИК", "en": "CEC staff"})


def invite(max_uses: int | None, speaker: str | None = None) -> Invite:
    return Invite(7, "A" * 22, "speaker" if speaker else "press", speaker, max_uses, 0,
                  bishkek(23, 18, 0), 1, bishkek(22, 9, 0))  # fmt: skip


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_role_names_come_from_the_file_else_the_catalogs_else_the_id(
    render_ctx: Callable[[str], RenderCtx], lang: str
) -> None:
    ctx = render_ctx(lang)
    roles = by_id([CEC, Role("press")])
    assert role_label(ctx, "cec_staff", roles) == CEC.name[lang]  # type: ignore[index]
    assert role_label(ctx, "press", roles) == ctx.label("role_press")
    assert role_label(ctx, "gone", roles) == "gone"  # a role the file no longer defines


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_a_links_terms_read_in_words(render_ctx: Callable[[str], RenderCtx], lang: str) -> None:
    ctx = render_ctx(lang)
    speaker = Speaker("rzaev", {"ky": "Рамин Рзаев", "ru": "Рамин Рзаев", "en": "Ramin Rzaev"})
    one = terms(ctx, invite(1, "rzaev"), {}, speaker)
    assert ctx.t("invite_terms_one") in one and ctx.plain(speaker.name) in one
    assert ctx.t("invite_terms_up_to", count=25) in terms(ctx, invite(25), {}, None)
    unlimited = terms(ctx, invite(None), {}, None)
    assert ctx.t("invite_terms_any") in unlimited
    assert "18:00" in unlimited and ctx.date(bishkek(23, 18, 0).date()) in unlimited
    assert "UTC+6" in unlimited  # the forum's zone, said
    made = render_invite_made(ctx, invite(1), {}, None)
    assert "https://t.me/" in made.text and "start=i_" + "A" * 22 in made.text


def test_the_role_picker_counts_who_holds_each_role(
    render_ctx: Callable[[str], RenderCtx],
) -> None:
    ctx = render_ctx("en")
    view = render_role_picker(ctx, [CEC, Role("press")], {"press": 2})
    labels = [b.text for row in view.keyboard.inline_keyboard for b in row]  # type: ignore[union-attr]
    assert labels[:2] == ["CEC staff (0)", "Press (2)"]
