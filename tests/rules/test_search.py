"""Search: what a participant finds for what they type on their keyboard."""

from __future__ import annotations

import pytest

from forumbot.rules.search import fold_word, query_words, words
from forumbot.store import Store


async def found(store: Store, query: str) -> dict[str, list[str]]:
    results = await store.programme.search(query)
    return {
        "sessions": [s.id for s in results.sessions],
        "speakers": [s.id for s in results.speakers],
        "posts": [p.id for p in results.posts],
    }


# --- the normalisation ----------------------------------------------------------------------


def test_words_are_case_folded() -> None:
    assert words("ШАЙЛОО Мектеби") == words("шайлоо мектеби")


def test_kyrgyz_fita_and_o_bar_fold_together() -> None:
    assert fold_word("ѳнүгүү") == fold_word("өнүгүү")


def test_yo_folds_to_ye() -> None:
    assert words("прошёл") == words("прошел")


def test_latin_lookalike_inside_a_cyrillic_word_is_cyrillic() -> None:
    assert words("Шаршенoва") == words("Шаршенова")  # the first has a Latin "o"


def test_english_words_stay_english() -> None:
    assert words("Opening Mon") == ["opening", "mon"]
    assert fold_word("taxi") == "taxi"


def test_punctuation_is_not_a_word() -> None:
    assert words("«%» — !!!") == []
    assert query_words("% _") == ["_"]


# --- the store's search ---------------------------------------------------------------------


async def test_search_is_case_insensitive(store: Store) -> None:
    assert (await found(store, "ШКОЛА"))["sessions"] == ["school"]
    assert (await found(store, "школа"))["sessions"] == ["school"]


async def test_fita_typed_finds_o_bar_written(store: Store) -> None:
    # rt1's Kyrgyz description is written "Өнүгүү жолдору".
    assert (await found(store, "ѳнүгүү"))["sessions"] == ["rt1"]


async def test_russian_keyboard_letters_find_kyrgyz_words(store: Store) -> None:
    assert (await found(store, "онугуу"))["sessions"] == ["rt1"]  # о for ө, у for ү
    assert (await found(store, "келиниз"))["posts"] == ["welcome"]  # н for ң


async def test_ye_typed_finds_yo_written(store: Store) -> None:
    assert (await found(store, "прошел"))["posts"] == ["summary"]  # written "прошёл"


async def test_latin_o_in_a_cyrillic_name_finds_the_speaker(store: Store) -> None:
    assert (await found(store, "Шаршенoва"))["speakers"] == ["sharshenova"]


async def test_word_prefix_finds(store: Store) -> None:
    result = await found(store, "Шарш")
    assert result["speakers"] == ["sharshenova"]
    assert result["sessions"] == ["rt1"]  # she speaks there


async def test_middle_of_a_word_does_not_find(store: Store) -> None:
    assert await found(store, "аршенова") == {"sessions": [], "speakers": [], "posts": []}


async def test_all_words_must_match(store: Store) -> None:
    assert (await found(store, "Шаршенова технологии"))["sessions"] == ["rt1"]
    assert await found(store, "Шаршенова школа") == {"sessions": [], "speakers": [], "posts": []}


@pytest.mark.parametrize("query", ["%", "_", "%%", "%_%", "\\", "__"])
async def test_like_wildcards_do_not_match_everything(store: Store, query: str) -> None:
    assert len(await store.programme.search(query)) == 0


async def test_wildcard_inside_a_word_is_only_a_separator(store: Store) -> None:
    # "школ%" is the word "школ" (nothing more), not "школ" followed by anything in between.
    assert await found(store, "школ%") == await found(store, "школ")
    assert (await found(store, "ш%кола"))["sessions"] == []


@pytest.mark.parametrize("query", ["", "   ", "!?", "«»", "— …"])
async def test_empty_or_punctuation_query_finds_nothing(store: Store, query: str) -> None:
    assert len(await store.programme.search(query)) == 0


async def test_english_query_finds_english_text(store: Store) -> None:
    assert (await found(store, "digitalisation"))["speakers"] == ["sharshenova"]
    assert (await found(store, "timur"))["speakers"] == ["mon"]


async def test_latin_only_word_is_not_read_as_cyrillic(store: Store) -> None:
    # Every letter of "moderator" but "d" has a Cyrillic look-alike; it must stay English.
    assert fold_word("moderator") == "moderator"
    assert (await found(store, "Moderator"))["speakers"] == ["usupbekova"]
