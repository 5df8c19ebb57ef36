"""Every callback action, named once: its short code on the wire and its arguments.

Callback data is a short, versioned string: ``1:sc:42`` is version 1, action ``sc``
(:data:`SIGN_UP`) with the shift id 42. Telegram allows 1-64 bytes. Buttons are made with
``ACTION.data(...)``; a flow takes them with ``ACTION.handler(callback)``, whose pattern accepts
only the action's own number of plain arguments, so a forged or mangled button never reaches a
flow and gets the stale-button answer instead. Buttons already sent keep working as long as an
action keeps its code and arguments; change either and old buttons get the stale answer, never a
crash.

Outbox messages (``bot/outbox/messages``) sit below the flows and name an action by its constant's
name (``"REMINDER_REPLY"``); :func:`conversations.ui.replying.letter_keyboard` turns that into
data with :func:`named`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from telegram.ext import CallbackQueryHandler

VERSION = "1"
_ARG = re.compile(r"^[A-Za-z0-9_-]{1,20}$")
_ARG_PATTERN = "[A-Za-z0-9_-]{1,20}"


@dataclass(frozen=True)
class Param:
    name: str
    kind: type[int] | type[str]


def num(name: str) -> Param:
    return Param(name, int)


def word(name: str) -> Param:
    return Param(name, str)


@dataclass(frozen=True)
class Action:
    """One kind of button: its code on the wire and the arguments it carries."""

    code: str
    params: tuple[Param, ...] = ()
    optional: int = 0  # how many of the last params a button may leave out

    def data(self, *values: int | str) -> str:
        """The callback data of a button that triggers this action with ``values``."""
        least = len(self.params) - self.optional
        if not least <= len(values) <= len(self.params):
            raise ValueError(f"{self.code}: {len(values)} arguments, expected {least}")
        for param, value in zip(self.params, values, strict=False):
            if param.kind is int and not isinstance(value, int):
                raise TypeError(f"{self.code}: {param.name} must be a whole number")
        return pack(self.code, *values)

    def handler(self, callback: Any) -> CallbackQueryHandler[Any, Any]:
        """The handler that takes this action's buttons, and no others."""
        return CallbackQueryHandler(callback, pattern=self.pattern)

    @property
    def pattern(self) -> str:
        """The regex a CallbackQueryHandler matches this action's data with."""
        least, most = len(self.params) - self.optional, len(self.params)
        return rf"^{VERSION}:{re.escape(self.code)}(:{_ARG_PATTERN}){{{least},{most}}}$"


@dataclass(frozen=True)
class Callback:
    """Tapped data, parsed: the action's code and its arguments as text."""

    action: str
    args: tuple[str, ...]

    def number(self, index: int) -> int | None:
        """Argument ``index`` as a whole number, or None when missing or forged."""
        try:
            value = self.args[index]
        except IndexError:
            return None
        return int(value) if value.isdigit() and len(value) < 16 else None

    def text(self, index: int) -> str | None:
        try:
            return self.args[index]
        except IndexError:
            return None


def pack(code: str, *args: object) -> str:
    parts = [VERSION, code, *(str(a) for a in args)]
    for part in parts[1:]:
        if not _ARG.match(part):
            raise ValueError(f"callback part {part!r} is not short and plain")
    data = ":".join(parts)
    if len(data.encode()) > 64:
        raise ValueError("callback data over 64 bytes")
    return data


def unpack(data: str | None) -> Callback | None:
    if not data:
        return None
    parts = data.split(":")
    if len(parts) < 2 or parts[0] != VERSION or not all(_ARG.match(p) for p in parts[1:]):
        return None
    return Callback(parts[1], tuple(parts[2:]))


# -- the resident's first minute, the menu and help ------------------------------------------------
MENU = Action("menu")
HELP = Action("help")
CONSENT = Action("ok", (word("language"), num("opportunity")))  # 0: no deep link
# Consent asked at the first tap that stores something: "Yes" carries that tap's action and its
# arguments along (``okc:nl:sc:42``), and it goes on at once after consent.
CONSENT_THEN = Action("okc", (word("language"), word("action"), word("a"), word("b")), optional=2)
DECLINE = Action("no", (word("language"),))
WELCOME_LANGUAGE = Action("wl", (word("language"), num("opportunity")))
LOOK_FIRST = Action("lk", (word("language"),))  # the welcome's "have a look first"
# The same two from a check-in code (the code's random token travels, never the shift's id).
CHECK_IN_CONSENT = Action("okd", (word("language"), word("code")))
CHECK_IN_LANGUAGE = Action("wld", (word("language"), word("code")))

# -- finding and signing up --------------------------------------------------------------------
CATEGORIES = Action("cat")
CATEGORY = Action("ol", (num("category"), num("page")))
OPPORTUNITY = Action("opp", (num("opportunity"),))
ORGANISATION = Action("og", (num("organisation"), num("page")))  # its offers (a poster's link)
SHIFTS = Action("sh", (num("opportunity"), num("page")))
CHOOSE_SHIFT = Action("su", (num("shift"),))
# ``brought``: how many people the resident brings along (1-3; left out: nobody).
SIGN_UP = Action("sc", (num("shift"), num("brought")), optional=1)
JOIN_WAITLIST = Action("sw", (num("shift"), num("brought")), optional=1)
INTERESTED = Action("ri", (num("opportunity"),))  # an ongoing role
SERIES = Action("rs", (num("series"),))  # "every week": what it means, and Yes
JOIN_SERIES = Action("rsy", (num("series"),))
ASK_LEAVE_SERIES = Action("rsl", (num("series"),))
LEAVE_SERIES = Action("rslx", (num("series"),))
SEARCH = Action("srch")
STOP_SEARCH = Action("srx")
# A page of what typed words found: the words travel along (see conversations.resident.results).
SEARCH_PAGE = Action(
    "sp", (num("page"), word("w1"), word("w2"), word("w3"), word("w4")), optional=3
)
# By theme (bot.services.themes, by key): the four themes, one theme's list, an opportunity
# opened from it (Back leads to the theme's list).
THEMES = Action("th")
THEME = Action("tl", (word("theme"), num("page")))
THEME_OPPORTUNITY = Action("to", (num("opportunity"), word("theme")))

# -- the resident's own things -----------------------------------------------------------------
MINE = Action("mine")
ASK_CANCEL_SIGNUP = Action("mc", (num("signup"),))
CANCEL_SIGNUP = Action("mx", (num("signup"),))
CALENDAR_FILE = Action("cal", (num("signup"),))
STORED_DATA = Action("del")
ERASE_DATA = Action("dx")
MY_DATA = Action("md")  # /mydata's file
SETTINGS = Action("set", (word("row"), word("value")), optional=2)  # no args: the screen
INTERESTS = Action("i")
TOGGLE_INTEREST = Action("it", (num("category"), word("origin")))
INTERESTS_DONE = Action("id")
NEWS = Action("bo", (num("on"),))  # 0: no more broadcasts, 1: again
WITHDRAW_INTEREST = Action("rw", (num("lead"),))  # take back "I am interested"
# An ongoing role suggested after a few shifts (bot/outbox/messages/path.py): y interested, n no
SUGGESTED_ROLE = Action("pr", (num("opportunity"), word("answer")))
# Where the resident lives, if they want; ``origin``: s (from /settings), o (the question after a
# sign-up). ``check`` marks the name the button showed (bot.services.neighbourhoods.check).
NEIGHBOURHOOD_CHOICES = Action("nb", (word("origin"), num("page")))
CHOOSE_NEIGHBOURHOOD = Action("nbc", (num("neighbourhood"), word("check"), word("origin")))
NO_NEIGHBOURHOOD = Action("nbx", (word("origin"),))  # "I'd rather not say", or "Skip"

# -- asking a person ------------------------------------------------------------------------------
ASK = Action("ask", (num("opportunity"),), optional=1)  # left out: a general question
STOP_ASKING = Action("askx")
SEND_FIRST_PART = Action("askc")  # a question that was too long: send the part that fits
# -- "💡 I have an idea" --------------------------------------------------------------------------
IDEA_NEW = Action("ixn")  # write an idea (also under a message about an idea)
IDEA_CUT = Action("ixc")  # too long: use the first part of what was typed
IDEA_THEME = Action("ixt", (word("theme"),))  # a theme's key, or "none": not sure
IDEA_REWRITE = Action("ixb")  # back from the themes: write the idea again
IDEA_STOP = Action("ixx")

# -- under a reminder and a thank-you ----------------------------------------------------------
REMINDER_REPLY = Action("rm", (num("signup"), word("step")))  # y, n, nc (cancel), b (back)
WERE_YOU_THERE = Action("ty", (num("signup"), word("answer")))  # y, n
RATING = Action("fr", (num("signup"), word("score")))  # 1..5, s (skip)
SKIP_COMMENT = Action("fc", (num("signup"), word("step")))  # s

# -- coordinators: the menu and shared widgets -------------------------------------------------
COORDINATOR_MENU = Action("kmenu")
NOTHING = Action("kz")  # a label-only button: a calendar heading, a page number
DRAFT_BACK = Action("kb")
DRAFT_STOP = Action("kq")
DRAFT_STOP_SURE = Action("kqy")  # yes, throw the draft away
DRAFT_GO_ON = Action("kqn")  # no, go on with the draft
KEEP_DESCRIPTION = Action("kdk")  # /new: the description in the draft stays (an idea's text)

# -- /new ---------------------------------------------------------------------------------------
NEW = Action("knew")
DRAFT_CATEGORY = Action("kg", (num("category"),))
DRAFT_ORGANISATION = Action("ko", (num("organisation"),))
DRAFT_KIND = Action("kj", (word("kind"),))  # e: shifts on set days, o: an ongoing role
PICK_MONTH = Action("km", (word("month"),))  # YYYYMM
PICK_DAY = Action("kd", (word("day"),))  # YYYYMMDD
PICK_TIME = Action("kt", (word("time"),))  # HHMM
PICK_PLACES = Action("kn", (num("places"),))
MORE_SHIFTS = Action("kmore", (word("answer"),))  # y, n
PUBLISH = Action("kpub")
DRAFT_THEME = Action("kth", (word("theme"),))  # a theme ticked or unticked (/new and /edit)
DRAFT_THEMES_DONE = Action("kthd")

# -- /edit --------------------------------------------------------------------------------------
EDIT_LIST = Action("kel", (num("page"),))
EDIT = Action("ke", (num("opportunity"),))
EDIT_TEXT = Action("kef", (num("opportunity"), word("field")))  # t, d, l
ADD_SHIFT = Action("kea", (num("opportunity"),))
MOVE_SHIFT = Action("kem", (num("shift"),))
CONFIRM_MOVE = Action("kmv")
ASK_CANCEL_SHIFT = Action("kec", (num("shift"),))
CANCEL_SHIFT = Action("kecy", (num("shift"),))
ASK_CANCEL_OPPORTUNITY = Action("keo", (num("opportunity"),))
CANCEL_OPPORTUNITY = Action("keoy", (num("opportunity"),))
EDIT_CATEGORY = Action("kecat", (num("opportunity"),))
EDIT_THEMES = Action("keth", (num("opportunity"),))
EDIT_PLACES = Action("kepl", (num("shift"),))
EDIT_END = Action("keend", (num("shift"),))
REPEAT = Action("krp", (num("weeks"),))  # /new: the last shift repeats every 1 or 2 weeks
REPEAT_FOR = Action("kru", (num("weeks"),))  # ... for so many weeks after its first date
EDIT_SERIES = Action("kes", (num("series"),))  # /edit: a series' screen
SERIES_TIMES = Action("kest", (num("series"),))
SERIES_PLACES = Action("kesp", (num("series"),))
# /edit's "🌐 Translation": the languages, one language's texts, typing one, removing it.
TRANSLATIONS = Action("ketr", (num("opportunity"),))
TRANSLATION = Action("ketl", (num("opportunity"), word("language")))
TRANSLATE = Action("kett", (num("opportunity"), word("language"), word("field")))  # t, d
REMOVE_TRANSLATION = Action("ketx", (num("opportunity"), word("language")))

# -- /roster, /export, posters --------------------------------------------------------------------
ROSTER = Action("kr", (num("page"),))
ROSTER_SHIFT = Action("krs", (num("shift"),))
MARK_ATTENDANCE = Action("kra", (num("signup"), word("mark")))  # c: came, n: did not
CHECK_IN_CODE = Action("krq", (num("shift"),))  # the QR code for the door
ADD_GUEST = Action("kwa", (num("shift"),))  # someone without a phone: asks their name
ADD_GUEST_EVERY = Action("kwae", (num("shift"),))  # ... for every coming date of its series
SKIP_GUEST_PHONE = Action("kws")
STOP_GUEST = Action("kwx", (num("shift"),))  # back to the roster of the shift
GUEST = Action("kwp", (num("signup"),))  # a guest's screen: phone, take off, erase
REMOVE_GUEST = Action("kwr", (num("signup"),))
ASK_ERASE_GUEST = Action("kwe", (num("signup"),))
ERASE_GUEST = Action("kwey", (num("signup"),))
EXPORT = Action("kx")
EXPORT_PERIOD = Action("kxp", (word("period"),))
EXPORT_LIST = Action("kxl", (num("page"),))
EXPORT_OPPORTUNITY = Action("kxo", (num("opportunity"),))
POSTER = Action("kpo", (num("opportunity"),))  # its poster: a PDF and a PNG
POSTERS = Action("kps", (num("page"),))  # the coordinator's organisations, for their posters
ORGANISATION_POSTER = Action("kpg", (num("organisation"),))

# -- /leads: interest in ongoing roles -------------------------------------------------------------
LEADS = Action("kl", (num("page"),))
OPEN_LEADS = Action("klo")  # under a notice: the list as a new message (the notice stays)
LEAD = Action("kld", (num("lead"),))
LEAD_MARK = Action("klm", (num("lead"), word("mark")))  # c: contacted, s: started
LEAD_NOT_NOW = Action("kln", (num("lead"),))  # asks for an optional reason
LEAD_SKIP_REASON = Action("kls", (num("lead"),))  # not now, without a reason

# -- /questions: what residents ask -------------------------------------------------------------
QUESTIONS = Action("kqs", (num("page"),))
OPEN_QUESTIONS = Action("kqo")  # under a notice: the list as a new message (the notice stays)
QUESTION_REPLY = Action("kqr", (num("question"),))  # asks for the answer
STOP_REPLY = Action("kqrx")
# -- /ideas: ideas from residents -----------------------------------------------------------------
IDEAS = Action("kix", (num("page"),))
IDEA = Action("kixd", (num("idea"),))
OPEN_IDEA = Action("kixo", (num("idea"),))  # under a notice: the idea as a new message
IDEA_MARK = Action("kixm", (num("idea"), word("mark")))  # c: considering, p: planned, n: not now
IDEA_PHOTO = Action("kixp", (num("idea"),))  # the idea's photo, sent as a new message
IDEA_ANSWER = Action("kixa", (num("idea"),))  # the answer is typed next
IDEA_TO_NEW = Action("kixn", (num("idea"),))  # /new with the idea's text as the description

# -- /neighbourhoods: the administrators' list of the area's neighbourhoods ----------------------
NEIGHBOURHOODS = Action("knb", (num("page"),))
NEIGHBOURHOOD = Action("knbd", (num("neighbourhood"),))
ADD_NEIGHBOURHOOD = Action("knba")  # the name (or one a line) is typed next
RENAME_NEIGHBOURHOOD = Action("knbr", (num("neighbourhood"),))  # the new name is typed next
ASK_REMOVE_NEIGHBOURHOOD = Action("knbx", (num("neighbourhood"),))
REMOVE_NEIGHBOURHOOD = Action("knbxy", (num("neighbourhood"),))

# -- /invite, /coordinators ----------------------------------------------------------------------
INVITE = Action("kil")
INVITE_FOR = Action("ki", (num("organisation"),))
INVITE_NEW_ORGANISATION = Action("kin")
COORDINATORS = Action("kc")
ASK_REMOVE_COORDINATOR = Action("kcr", (num("user"), num("organisation")))
REMOVE_COORDINATOR = Action("kcry", (num("user"), num("organisation")))

# -- /broadcast -----------------------------------------------------------------------------------
BROADCAST = Action("bn")
BROADCAST_ORGANISATION = Action("bg", (num("organisation"),))  # 0: all organisations
BROADCAST_AUDIENCE = Action("ba", (word("kind"),))
BROADCAST_CATEGORY = Action("bc", (num("category"),))
BROADCAST_OPPORTUNITY = Action("bp", (num("opportunity"),))
BROADCAST_MONTHS = Action("bm", (num("months"),))
BROADCAST_SEND = Action("bs")
BROADCAST_REWRITE = Action("bw")
BROADCAST_BACK = Action("bb", (word("to"),))
BROADCAST_STOP = Action("bx")
BROADCAST_LANGUAGES = Action("bl")  # a text for the readers of another language: which one
BROADCAST_LANGUAGE = Action("bll", (word("language"),))
BROADCAST_PREVIEW = Action("bv")  # back to the preview

# -- /callhelp ------------------------------------------------------------------------------------
CALL_LIST = Action("hl")
CALL_PREVIEW = Action("h", (num("shift"),))
CALL_SEND = Action("hc", (num("shift"),))
CALL_SIGN_UP = Action("hs", (num("shift"),))  # the resident's "yes, sign me up"

# -- questions to an audience (polls): the recipient's answers -------------------------------------
POLL_VOTE = Action("plv", (num("poll"), num("answer")))  # a button (0-based) or a score (1-5)
POLL_WRITE = Action("plw", (num("poll"), num("step")))  # write (or change) a written answer
POLL_SKIP = Action("pls", (num("poll"), num("step")))  # the questionnaire: on to the next question
POLL_STOP = Action("plz")  # stop writing
POLL_FIRST_PART = Action("plf")  # a written answer that was too long: use the part that fits

# -- /poll: a coordinator's question (a poll), and its results ---------------------------------
POLL_NEW = Action("pln")  # from a coordinator menu
POLL_KIND = Action("plk", (word("kind"),))  # c: buttons, t: written, s: score, q: questionnaire
POLL_ORGANISATION = Action("plo", (num("organisation"),))  # 0: all organisations
POLL_AUDIENCE = Action("pla", (word("kind"),))
POLL_CATEGORY = Action("plc", (num("category"),))
POLL_OPPORTUNITY = Action("plp", (num("opportunity"),))
POLL_MONTHS = Action("plm", (num("months"),))
POLL_NAMES = Action("pli", (num("named"),))  # 0: anonymous, 1: with names
POLL_NO_CLOSING = Action("plnc")  # no closing day: the coordinator closes it
POLL_SEND = Action("plsd")
POLL_BACK = Action("plb", (word("to"),))
POLL_CANCEL = Action("plx")
POLL_LIST = Action("pll", (num("page"),))
POLL_RESULTS = Action("plr", (num("poll"),))
POLL_CHART = Action("plg", (num("poll"),))
POLL_EXPORT = Action("ple", (num("poll"),))
POLL_ASK_CLOSE = Action("plq", (num("poll"),))
POLL_CLOSE = Action("plqy", (num("poll"),))

# -- /stats ---------------------------------------------------------------------------------------
FIGURES = Action("t", (num("organisation"),))  # 0: all together
# A quarter's participation (0: all together; the quarter as 2026Q4, none: this one).
PARTICIPATION = Action("tp", (num("organisation"), word("quarter")), optional=1)
REPORT_QUARTERS = Action("tq")  # administrators: the quarterly report, which quarter
REPORT = Action("tr", (word("quarter"),))


_BY_NAME = {name: value for name, value in dict(globals()).items() if isinstance(value, Action)}


def named(name: str) -> Action:
    """The action an outbox message names (``"REMINDER_REPLY"``); KeyError if there is none."""
    return _BY_NAME[name]


def every() -> dict[str, Action]:
    """All actions by name (the tests check that no two share a code)."""
    return dict(_BY_NAME)
