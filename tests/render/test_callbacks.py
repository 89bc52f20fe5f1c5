"""The callback-data codec: what the bot makes decodes; anything else is refused cleanly."""

from __future__ import annotations

import pytest

from forumbot.render.callbacks import (
    ACTIONS,
    MAX_BYTES,
    Callback,
    CallbackError,
    back_target,
    back_token,
    decode,
    encode,
    fits,
    pattern,
)


@pytest.mark.parametrize(
    ("action", "args"),
    [
        ("lang", ("ky",)),
        ("days", ()),
        ("day", ("20230622", "0")),
        ("dayat", ("20230622", "rt1")),
        ("ses", ("rt-technology",)),
        ("sesp", ("rt1", "sharshenova")),
        ("spk", ("mon", "3")),
        ("spks", ("mon", "rt1")),
        ("spkl", ("0",)),
        ("news", ("12",)),
        ("post", ("summary-2023", "0")),
        ("now", ()),
        ("next", ()),
        ("noop", ()),
    ],
)
def test_round_trip(action: str, args: tuple[str, ...]) -> None:
    assert decode(encode(action, *args)) == Callback(action, args)


def test_encode_joins_with_colons_and_accepts_numbers() -> None:
    assert encode("spk", "mon", 2) == "spk:mon:2"


def test_exactly_64_bytes_is_accepted() -> None:
    data = encode("sesp", "a" * 40, "b" * 18)
    assert len(data.encode()) == MAX_BYTES


def test_over_64_bytes_is_refused() -> None:
    with pytest.raises(CallbackError, match="over 64 bytes"):
        encode("sesp", "a" * 40, "b" * 19)
    assert not fits("sesp", "a" * 40, "b" * 19)


def test_limit_counts_bytes_not_characters() -> None:
    data = "ses:" + "ж" * 31  # 35 characters, 66 bytes
    assert len(data) <= MAX_BYTES < len(data.encode())
    with pytest.raises(CallbackError, match="oversized"):
        decode(data)
    with pytest.raises(CallbackError, match="over 64 bytes"):
        encode("ses", "ж" * 31)


@pytest.mark.parametrize("data", ["", None, "xyz:1", "delete:rt1", "SES:rt1"])
def test_unknown_action_is_refused(data: str | None) -> None:
    with pytest.raises(CallbackError):
        decode(data)


@pytest.mark.parametrize("data", ["ses", "ses:", "spk:mon", "spk:mon:0:1", "now:1", "days:x"])
def test_wrong_number_of_arguments_is_refused(data: str) -> None:
    with pytest.raises(CallbackError):
        decode(data)


@pytest.mark.parametrize(
    "data",
    [
        "ses:rt 1",
        "ses:rt1;drop",
        "ses:шайлоо",
        "lang:de",
        "day:2023-06-22",
        "spkl:-1",
        "spkl:12345",
        "ses:" + "a" * 41,
    ],
)
def test_bad_characters_are_refused(data: str) -> None:
    with pytest.raises(CallbackError):
        decode(data)


def test_encode_refuses_what_it_could_not_decode() -> None:
    with pytest.raises(CallbackError):
        encode("lang", "de")
    with pytest.raises(CallbackError):
        encode("ses", "a:b")


@pytest.mark.parametrize("data", ["ses:rt1\n", "lang:ru\n"])
def test_trailing_newline_is_tampering(data: str) -> None:
    with pytest.raises(CallbackError):
        decode(data)


def test_a_pattern_is_built_from_the_table_and_matches_exact_shapes_only() -> None:
    aud = pattern("aud")
    assert aud.match("aud:ky") and aud.match("aud:all")
    assert not aud.match("aud:de") and not aud.match("aud:ky\n") and not aud.match("aud:ky:x")
    days = pattern("day", "dayat")
    assert days.match("day:20230622:0") and days.match("dayat:20230622:rt1")
    assert not days.match("days") and not days.match("day:2023:0")
    assert all(pattern(action).match(encode(action, *example)) for action, example in [
        ("now", ()), ("star", ("rt1", 1)), ("qmod", (5, "block")),
    ])  # fmt: skip
    with pytest.raises(KeyError):
        pattern("nosuch")


def test_the_star_carries_a_back_target_or_none() -> None:
    assert decode("star:rt1:1") == Callback("star", ("rt1", "1"))
    assert decode("star:rt1:0:spks.mon") == Callback("star", ("rt1", "0", "spks.mon"))
    assert decode("star:rt1:1:fltat.room.3").args[2] == "fltat.room.3"
    for forged in ("star:rt1:1:", "star:rt1:1:my", "star:rt1:1:spks.a.b.c", "star:rt1:1:x:y"):
        with pytest.raises(CallbackError):
            decode(forged)


def test_a_back_token_round_trips_to_a_target_the_codec_accepts() -> None:
    for target in [
        ("spks", "mon", "rt1"),
        ("fltat", "room", "3", "rt1"),
        ("dayat", "20230622", "rt1"),
    ]:
        assert back_target(back_token(target), "rt1") == target
        assert decode(":".join(target)).action == target[0]
    assert back_token(("fltat", "room", "3", "rt1")) == "fltat.room.3"
    for forged in ("fltat.room", "spks", "dayat.2023", "ses"):
        with pytest.raises(CallbackError):
            back_target(forged, "rt1")
    with pytest.raises(CallbackError):
        back_token(("ses", "rt1"))
    assert "star" in ACTIONS
