"""The programme file's roles block (issue 15, part 4): each role named in every language;
a bad entry refused with its line and what is wrong; absent, the default roles; /export
writes it back as it was."""

from __future__ import annotations

import pytest

from forumbot.models import DEFAULT_ROLES, Role
from forumbot.programme import ProgrammeError, parse_programme
from forumbot.programme.export import export_yaml
from forumbot.store import Store
from tests.helpers import bishkek, edit

SOURCE = "mini.yaml"
ROLES = """roles:
  - id: delegate
    name: {ky: "Делегат", ru: "Делегат", en: "Delegate"}
  - id: speaker
    name: {ky: "Баяндамачы", ru: "Спикер", en: "Speaker"}
  - id: cec_staff
    name: {ky: "БШК кызматкери", ru: "Сотрудник ЦИК", en: "CEC staff"}
"""


def with_roles(text: str, roles: str = ROLES) -> str:
    return edit(text, "\ndays:", "\n" + roles + "days:")


def refused(text: str) -> ProgrammeError:
    with pytest.raises(ProgrammeError) as info:
        parse_programme(text, SOURCE)
    return info.value


def line_of(text: str, fragment: str) -> int:
    [line] = [i for i, x in enumerate(text.splitlines(), 1) if fragment in x]
    return line


def test_the_files_roles_are_read_with_their_names(mini_text: str) -> None:
    programme = parse_programme(with_roles(mini_text), SOURCE)
    assert [r.id for r in programme.roles] == ["delegate", "speaker", "cec_staff"]
    assert programme.roles[2].name == {
        "ky": "БШК кызматкери",
        "ru": "Сотрудник ЦИК",
        "en": "CEC staff",
    }


def test_without_a_roles_block_there_are_none_from_the_file(mini_text: str) -> None:
    assert parse_programme(mini_text, SOURCE).roles == ()


@pytest.mark.parametrize(
    ("bad", "fragment", "field", "words"),
    [
        (
            "  - id: Press Corps\n    name: {ky: a, ru: b, en: c}\n",
            "Press Corps",
            "roles[3].id",
            "must be a role id",
        ),
        (
            "  - id: speaker\n    name: {ky: a, ru: b, en: c}\n",
            "id: speaker",
            "roles[3].id",
            "duplicate id 'speaker'",
        ),
        (
            "  - id: guest\n    name: {ky: a, en: c}\n",
            "{ky: a, en: c}",
            "roles[3].name",
            "missing translation 'ru'",
        ),
        ("  - id: guest\n", "id: guest", "roles[3]", "missing required key 'name'"),
    ],
)
def test_a_bad_role_is_refused_naming_its_line_and_problem(
    mini_text: str, bad: str, fragment: str, field: str, words: str
) -> None:
    text = with_roles(mini_text, ROLES + bad)
    problems = refused(text).problems
    assert any(p.field == field and words in p.message for p in problems), problems
    [problem] = [p for p in problems if p.field == field]
    lines = [i for i, x in enumerate(text.splitlines(), 1) if fragment in x]
    assert problem.line == lines[-1]
    assert str(refused(text)).startswith(f"{SOURCE}:")


async def test_export_writes_the_block_back_and_the_store_keeps_it(
    mini_text: str, store: Store
) -> None:
    programme = parse_programme(with_roles(mini_text), SOURCE)
    again = parse_programme(export_yaml(programme), "export.yaml")
    assert again.roles == programme.roles
    assert "roles:" not in export_yaml(parse_programme(mini_text, SOURCE))
    await store.programme.replace(programme, SOURCE, bishkek(21, 9, 0))
    assert await store.roles.defined() == programme.roles
    assert (await store.programme.load()).roles == programme.roles
    await store.programme.replace(parse_programme(mini_text, SOURCE), SOURCE, bishkek(21, 9, 0))
    assert await store.roles.defined() == tuple(Role(r) for r in DEFAULT_ROLES)
