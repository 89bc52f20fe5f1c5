"""One codec for callback data: ``action:arg:arg``, at most 64 bytes, checked both ways.

Buttons outlive the programme that made them (a re-import, a restart, a forged client), so
decoding refuses anything that is not exactly one of the shapes below. Handlers get the
decoded ``Callback`` (action and fields) and register with ``pattern(action, ...)``, built
from the same table, so no shape is written twice.

A field marked ``OPTIONAL`` may be left off at the end (buttons made before it existed still
decode). A ``BACK`` field is where a session card's "back" leads: that button's action and
fields joined by dots, without the session id it ends with (``back_token``, ``back_target``).
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass

MAX_BYTES = 64

_ID = r"[A-Za-z0-9_-]{1,40}"
_PAGE = r"\d{1,4}"
_DATE = r"\d{8}"
_LANG = r"ky|ru|en"
_FACET = r"track|room|lang"
_INDEX = r"\d{1,3}"
_ROLE = r"[a-z][a-z0-9_]{0,19}"  # a role id (forum.schema.json's $defs.role)
OPTIONAL = "?"  # prefixed to a trailing field that may be left off
# Where a session card's "back" can lead; each of these actions ends with the session's id.
BACK_ACTIONS = ("dayat", "spks", "fltat", "nowat", "myat", "srat")
_BACK = rf"(?:{'|'.join(BACK_ACTIONS)})(?:\.{_ID}){{0,2}}"

# action -> the pattern of each argument, in order
ACTIONS: dict[str, tuple[str, ...]] = {
    "lang": (_LANG, OPTIONAL + "s"),  # choose the interface language (s: from the settings)
    "days": (),  # the list of days
    "day": (_DATE, _PAGE),  # a page of one day's sessions (YYYYMMDD, page)
    "dayat": (_DATE, _ID),  # the page of that day holding this session (back from its card)
    "ses": (_ID,),  # a session card (back goes to its day)
    "sesp": (_ID, _ID),  # a session card opened from a speaker card (back to that speaker)
    "spk": (_ID, _PAGE),  # a speaker card opened from the speakers list page (back there)
    "spks": (_ID, _ID),  # a speaker card opened from a session card (back to that session)
    "spkl": (_PAGE,),  # a page of the speakers list
    "news": (_PAGE,),  # a page of the news
    "post": (_ID, _PAGE),  # one post, opened from a news page
    "nows": (r"now|next", _ID),  # a session card opened from /now or /next (back there)
    "nowat": (r"now|next", _ID),  # back from that card to /now or /next
    "now": (),  # refresh "now"
    # Search results: the words as base64url (words_token), when short enough to fit.
    "srs": (_ID, _ID),  # a session card opened from search results (back to them)
    "srat": (_ID, _ID),  # back from that card to the results of those words
    "next": (),  # refresh "next"
    "noop": (),  # a label-only button (page counter)
    "settings": (),  # the settings screen
    "topic": (r"[a-z_]{1,20}",),  # toggle one topic on the settings screen
    "hide": (OPTIONAL + "n",),  # the "hide tracks or kinds" screen (n: as a new message)
    "hidet": (_INDEX,),  # hide or show again one track (its index on that screen)
    "hidek": (_INDEX,),  # hide or show again one kind of session
    "langpick": (),  # the language picker, opened from the settings screen
    "tz": (),  # "my time zone", opened from the settings screen
    "tzset": (r"f|\d{1,2}",),  # follow the forum's zone (f) or one of the common ones
    "tzask": (),  # type a zone as Area/City
    "forget": (r"yes|no",),  # confirm or keep: erase everything the bot holds about me
    "orgdel": (r"\d{1,15}",),  # an owner asks to remove an organiser added in the chat
    "orgrm": (r"\d{1,15}",),  # ... and confirms the removal
    "orgkeep": (r"\d{1,15}",),  # ... or keeps them
    "orgadd": (r"\d{1,15}",),  # an owner re-adds a removed organiser (from the audit line)
    "audk": (r"all|programme|news|people",),  # /audit: show one kind of entry
    "audcsv": (r"all|programme|news|people",),  # /audit: that kind as a CSV file
    "pkind": (r"news|summary",),  # /post: the kind of post
    "pskip": (),  # /post: no text in this language
    "pdone": (),  # /post: no more languages, show the preview
    "ppub": (),  # /post: publish
    "pchan": (r"[01]",),  # /post: mirror it in the forum's channel (1) or not (0)
    "pcancel": (),  # /post: drop the draft
    "presume": (r"go|new",),  # /post with a draft kept: continue it, or start anew
    "pwhen": (r"now|60m|tom8|type",),  # /post: when a summary goes out
    "pedit": (_ID,),  # an organiser edits a post from its card (starts the composer)
    "pdel": (_ID, _PAGE),  # ... deletes it: asks once
    "pdelok": (_ID,),  # ... confirmed
    "amode": (r"one|per",),  # /announce: one text for all, or a variant per language
    "askip": (),  # /announce: no variant in this language
    "adone": (),  # /announce: no more variants
    # /announce: the audience (urg: opt-outs too; r_<role>: the people holding that role;
    # allc: everyone and the forum's channel; chn: the channel only)
    "aud": (r"all|ann|sum|ky|ru|en|urg|allc|chn|r_[a-z][a-z0-9_]{0,19}",),
    "when": (r"now|10m|60m|tom8|type",),  # /announce: when to send
    "aok": (),  # /announce: confirmed
    "acancel": (),  # /announce: drop the draft
    "acont": (),  # /announce again with a draft waiting: go on with it
    "adiscard": (),  # ... or drop it and start afresh
    "aedit": (),  # /announce: write the text again after the preview
    "adef": (_LANG,),  # /announce: the variant that readers of a skipped language get
    "atest": (),  # /announce: send it to me only, as a test
    "bview": (r"\d{1,9}",),  # one broadcast and its report
    "bmove": (r"\d{1,9}", r"10m|60m|tom8"),  # reschedule a scheduled broadcast
    "bmoveto": (r"\d{1,9}",),  # reschedule to a typed time (starts a conversation)
    "bcancel": (r"\d{1,9}",),  # cancel a scheduled or running broadcast: asks first
    "bcancelok": (r"\d{1,9}",),  # cancel: confirmed
    "brestore": (r"\d{1,9}",),  # a cancelled scheduled broadcast, scheduled again
    "bnow": (r"\d{1,9}",),  # send a scheduled broadcast now: asks first
    "bnowok": (r"\d{1,9}",),  # send now: confirmed
    "bdup": (r"\d{1,9}",),  # a copy of a broadcast as a new /announce draft
    "bfix": (r"\d{1,9}",),  # correct a sent broadcast (starts a conversation)
    "bfixl": (r"\d{1,9}", _LANG + "|all"),  # ... the variant to correct (all: one text)
    "bfixok": (r"\d{1,9}", r"[01]"),  # ... confirmed; 1: tell who got it that it changed
    "bfixno": (r"\d{1,9}",),  # ... dropped
    "bdel": (r"\d{1,9}",),  # withdraw a sent broadcast: asks first
    "bdelok": (r"\d{1,9}",),  # withdraw: confirmed
    "star": (_ID, r"[01]", OPTIONAL + _BACK),  # star (1) or unstar (0) on a card; its back
    "unstarmy": (_ID,),  # unstar a session from "my agenda"
    "card": (_ID,),  # a session card as a new message (from a reminder or a notice)
    "my": (),  # "my agenda" as a new message
    "mys": (_ID,),  # a session card opened from "my agenda" (back there)
    "myat": (_ID,),  # back from that card to "my agenda"
    "ics": (),  # my agenda as a calendar file
    "icsall": (),  # the whole programme as a calendar file
    "lead": (r"0|5|10|15|30",),  # the reminder lead time in minutes (0: off)
    "digest": (r"on|no",),  # after the first star: turn the daily digest on, or not
    "qc": (_ID,),  # an organiser's quick change of a session: the menu
    "qctime": (_ID,),  # quick change: type a new time (starts a conversation)
    "qcroom": (_ID, r"\d{1,3}"),  # quick change: move to the room at this index
    "qccancel": (_ID,),  # quick change: cancel the session
    "qcrestore": (_ID,),  # quick change: restore a cancelled session
    "qcok": (_ID,),  # quick change: confirmed, apply and tell
    "qcany": (_ID,),  # quick change: it collides with something; apply and tell anyway
    "qcno": (_ID,),  # quick change: dropped
    "impok": (r"[0-9a-f]{8}",),  # a programme file checked in the chat: put it in service
    "impno": (r"[0-9a-f]{8}",),  # a programme file checked in the chat: dropped
    "impz": (r"[0-9a-f]{8}", r"[A-Za-z][A-Za-z0-9_+/-]{1,40}"),  # a file's zone, picked
    # Editions: a past edition is its number in the archive.
    "edok": (r"[0-9a-f]{8}",),  # another forum's file checked in the chat: open the new edition
    "welc": (r"send|skip",),  # the new edition's welcome-back message: send it, or not now
    "arc": (),  # the archive: the past editions
    "arce": (r"\d{1,6}",),  # one past edition: its days, news and summary
    "arcd": (r"\d{1,6}", _DATE, OPTIONAL + _PAGE),  # a page of a past edition's day
    "arcn": (r"\d{1,6}", r"news|summary", OPTIONAL + _PAGE),  # a page of its news or summaries
    "arcp": (r"\d{1,6}", r"\d{1,9}"),  # one post of a past edition
    # Browsing by a facet: a value is its index in the facet's sorted list (names are long).
    "flt": (),  # which facets the programme can be browsed by
    "fltv": (_FACET, _PAGE),  # a page of one facet's values
    "flts": (_FACET, _INDEX, _PAGE),  # a page of the sessions having one value
    "fltat": (_FACET, _INDEX, _ID),  # the page of that list holding this session (back)
    "fses": (_FACET, _INDEX, _ID),  # a session card opened from that list (back to it)
    "info": (),  # the list of info pages (back from a page)
    "infop": (_ID,),  # one info page
    "venue": (),  # the venue as a map pin and how to get there, as new messages
    "infoed": (_ID,),  # an organiser edits an info page: which language
    "infoedl": (_ID, r"ky|ru|en|all"),  # ... type the text in it (starts a conversation)
    "infook": (_ID,),  # ... save the previewed text
    "infono": (_ID,),  # ... drop it
    # Session feedback: a rating outside 1-5 is refused here, an unknown session by the handler.
    "fb": (_ID, r"[1-5]"),  # rate a session that has ended
    "fbopen": (_ID,),  # one session's rating prompt, as a new message (from the day prompt)
    "fbc": (_ID,),  # add or replace my comment on a session I rated (starts a conversation)
    "fbname": (_ID, r"[01]"),  # show my first name to the organisers with this answer, or not
    "fbcsv": (),  # organisers: the answers as a CSV file
    # Round-table questions: a question is its number in the store.
    "qask": (_ID,),  # ask a question about this session (starts a conversation)
    "qlist": (_ID,),  # the session's approved questions, by votes
    "qvote": (r"\d{1,9}",),  # vote for a question, or take the vote back
    "qq": (_ID,),  # a moderator's queue of the session's questions
    "qmod": (r"\d{1,9}", r"approve|reject|answer|block"),  # a moderator's one tap
    "qblock": (r"\d{1,9}",),  # block the asker of this question: confirmed
    "qhist": (_ID,),  # the session's answered and rejected questions
    "qreopen": (r"\d{1,9}",),  # reopen an answered or rejected question
    "qblocked": (_ID,),  # the people blocked from asking (back to this session's queue)
    "qunblock": (_ID, r"\d{1,15}"),  # lift a block (back to this session's queue)
    "qmods": (_ID,),  # an organiser: the session's moderators
    "qmodadd": (_ID,),  # ... add one with Telegram's user picker
    "qmoddel": (_ID, r"\d{1,15}"),  # ... remove one assigned in the chat
    # Links: an organiser sets a session's stream, slides, recording or other link.
    "lnk": (_ID,),  # the session's links and a button per kind
    "lnkk": (_ID, r"stream|slides|recording|other"),  # ... type this kind's address
    "lnkok": (_ID,),  # ... apply the previewed link
    "lnkno": (_ID,),  # ... drop it
    "here": (_ID,),  # "I'm here" on the card of a running session
    # Polls at a running session (a poll is its number in the store, an answer its index).
    "poll": (_ID,),  # a moderator or organiser starts one (starts a conversation)
    "pollm": (_ID, r"[01]"),  # ... one answer (0) or several (1)
    "pollgo": (_ID,),  # ... send it
    "pollch": (_ID, r"[01]"),  # ... in the forum's channel too (1) or not (0)
    "pollno": (_ID,),  # ... drop it
    "pv": (r"\d{1,9}", r"\d"),  # a participant chooses an answer (toggles, with several)
    "pres": (r"\d{1,9}",),  # the results, refreshed
    "pclose": (r"\d{1,9}",),  # close the poll: asks first
    "pcloseok": (r"\d{1,9}",),  # ... confirmed
    "pcsv": (r"\d{1,9}",),  # the results as a CSV file
    # Invitation links (organisers): /invite's steps, then /invites' revocation.
    "inv": (_ROLE,),  # the role the link gives
    "invsp": (_PAGE,),  # a speaker link: a page of the speakers to link it to
    "invs": (_ID,),  # ... that speaker
    "invsa": (),  # ... any speaker, not linked
    "invu": (r"\d{1,3}",),  # how many may use it (0: no limit)
    "invut": (),  # ... typed (starts a conversation)
    "inve": (r"1d|7d|end",),  # until when
    "invet": (),  # ... typed (starts a conversation)
    "invx": (),  # drop the link being made
    "invdel": (r"\d{1,9}",),  # revoke a link: asks first
    "invrm": (r"\d{1,9}",),  # ... confirmed
    "invkeep": (r"\d{1,9}",),  # ... kept
}


def _field(arg: str) -> str:
    if arg.startswith(OPTIONAL):
        return f"(?::({arg.removeprefix(OPTIONAL)}))?"
    return f":({arg})"


def _shape(action: str) -> str:
    return re.escape(action) + "".join(_field(arg) for arg in ACTIONS[action])


_PATTERNS = {action: re.compile(_shape(action)) for action in ACTIONS}


class CallbackError(ValueError):
    """Callback data that this bot did not make, or no longer understands."""


@dataclass(frozen=True, slots=True)
class Callback:
    action: str
    args: tuple[str, ...] = ()


def encode(action: str, *args: object) -> str:
    """``action:arg:...``; raises CallbackError if it would not decode or is over 64 bytes."""
    data = ":".join([action, *map(str, args)])
    if len(data.encode("utf-8")) > MAX_BYTES:
        raise CallbackError(f"callback data over {MAX_BYTES} bytes: {data!r}")
    decode(data)
    return data


def fits(action: str, *args: object) -> bool:
    try:
        encode(action, *args)
    except CallbackError:
        return False
    return True


def decode(data: str | None) -> Callback:
    if not data or len(data.encode("utf-8")) > MAX_BYTES:
        raise CallbackError("empty or oversized callback data")
    action = data.split(":", 1)[0]
    pattern = _PATTERNS.get(action)
    match = pattern.fullmatch(data) if pattern else None  # fullmatch: "$" lets "\n" through
    if match is None:
        raise CallbackError(f"unknown callback data {data!r}")
    return Callback(action, tuple(g for g in match.groups() if g is not None))


def pattern(*actions: str) -> re.Pattern[str]:
    """The anchored pattern of these actions' exact shapes, for a handler's registration
    (PTB matches from the start; ``\\Z`` ends it, as "$" would let a "\\n" through)."""
    unknown = [a for a in actions if a not in ACTIONS]
    if not actions or unknown:
        raise KeyError(f"no such callback actions: {unknown or actions}")
    return re.compile("(?:" + "|".join(_shape(a) for a in actions) + r")\Z")


def words_token(words: str) -> str:
    """Searched words as one field (base64url of their UTF-8, unpadded)."""
    return base64.urlsafe_b64encode(words.encode("utf-8")).decode("ascii").rstrip("=")


def words_of(token: str) -> str | None:
    """The words a ``words_token`` stands for; None if it is not one."""
    try:
        return base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return None


def back_token(target: tuple[str, ...]) -> str:
    """A card's back target (a BACK_ACTIONS callback ending with the session id) as one
    field: ``("spks", "p1", "s1")`` -> ``"spks.p1"``."""
    if target[0] not in BACK_ACTIONS or len(target) < 2:
        raise CallbackError(f"not a card's back target: {target!r}")
    return ".".join(target[:-1])


def back_target(token: str, session_id: str) -> tuple[str, ...]:
    """The back target a ``back_token`` stands for, on this session's card; raises
    CallbackError if it is not one this bot makes."""
    target = (*token.split("."), session_id)
    if target[0] not in BACK_ACTIONS:
        raise CallbackError(f"not a card's back target: {token!r}")
    decode(":".join(target))
    return target
