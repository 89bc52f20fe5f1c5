"""The callback-data codec: what the bot makes decodes; anything else is refused cleanly."""

from __future__ import annotations

import pytest

from forumbot.render.callbacks import MAX_BYTES, Callback, CallbackError, decode, encode, fits


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
