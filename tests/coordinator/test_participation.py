"""/stats → "📈 Participation": a quarter's participation on a small known dataset worked out by
hand (tests/support/participation.py): first-timers per month, returning, one-off versus
ongoing, per organisation and theme, hours and their value; "<5" for small groups and exact
numbers from 5 up; the same narrowing as /stats; forged buttons.

The clock is Wednesday 25 November 2026: the current quarter is Q4 2026, so far.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from bot.config import SettingsError, load_settings
from bot.i18n import Translator
from bot.sandbox.harness import BotHarness, Person, visible
from bot.services.participation import people_text, withhold
from bot.services.quarters import Quarter, offered
from tests.support.chat import tap
from tests.support.participation import AMSTERDAM, HOUSE, LIBRARY, known_dataset
from tests.support.people import ADMIN, make_coordinator, make_resident

STALE_EN = "This button no longer works."


async def participation_of(person: Person, label: str) -> str:
    """/stats, then the participation button: what the screen says."""
    await person.send("/stats")
    await tap(person, label)
    return visible(person.last())


async def test_one_organisation_in_dutch(harness: BotHarness) -> None:
    await known_dataset(harness)
    coco, _ = await make_coordinator(harness, 500, LIBRARY, "nl")
    text = await participation_of(coco, "📈 Deelname")
    assert "📈 Deelname: Bibliotheek Midden" in text
    assert "4e kwartaal 2026: 1 oktober tot en met 25 november 2026 (tot nu)" in text
    for line in (
        "🙋 Mensen die meededen: 7",
        "🌱 Van hen voor het eerst: 5",
        "🔁 Binnen 3 maanden teruggekomen: <5",
        "🤝 Vast (een vaste taak of elke week): <5",
        # 7 took part, <5 of them ongoing: the one-off number would give that away.
        "📅 Los (losse diensten): *",
        "⏱ Uren geholpen: 16",
        "💶 Waarde van die uren (€\u00a015,00 per uur): €\u00a0240,00",
        "💡 Ideeën van bewoners: 2",
        "✨ Ideeën die een activiteit werden: 1",
        # First time in October: 103, Gerrit, 105 and 107 (the role); in November 104.
        "• oktober 2026 — eerste keer: <5 · kwamen: <5 · uren: 10",
        "• november 2026 — eerste keer: <5 · kwamen: <5 · uren: 6",
        "• Bibliotheek Midden — mensen: 7 · uren: 16",
        "• Meedoen — mensen: 6 · uren: 16 · ideeën: 0",
        "• Persoonlijke ontwikkeling — mensen: 6 · uren: 14 · ideeën: 0",
        "• Gezondheid — mensen: 0 · uren: 0 · ideeën: 1",
        "• Geen thema — ideeën: 1",
        "Een activiteit met twee thema's telt bij allebei.",
        "Aantallen mensen onder de 5 staan er als <5, zodat niemand te herkennen is.",
        "Een * is een getal dat we weglaten: met het totaal zou het een getal onder de 5 verraden.",
    ):
        assert line in text, line
    assert HOUSE not in text and "december" not in text
    buttons = coco.buttons()
    assert buttons[:3] == ["3e kwartaal 2026", "2e kwartaal 2026", "1e kwartaal 2026"]
    assert "📊 Cijfers" in buttons and "📄 Kwartaalrapport" not in buttons

    # The quarter before: 101's first shift was on 20 August; 102's idea of September.
    await tap(coco, "3e kwartaal 2026")
    text = visible(coco.last())
    assert "3e kwartaal 2026: 1 juli tot en met 30 september 2026\n" in text
    assert "🙋 Mensen die meededen: <5" in text and "⏱ Uren geholpen: 2\n" in text
    assert "💡 Ideeën van bewoners: 1" in text
    assert "• augustus 2026 — eerste keer: <5 · kwamen: <5 · uren: 2" in text
    assert "• juli 2026 — eerste keer: 0 · kwamen: 0 · uren: 0" in text
    assert "4e kwartaal 2026" in coco.buttons()
    await tap(coco, "📊 Cijfers")
    assert "Cijfers: Bibliotheek Midden" in visible(coco.messages()[-2])


async def test_administrators_see_all_and_narrow_others_are_refused(harness: BotHarness) -> None:
    data = await known_dataset(harness)
    admin = harness.person(ADMIN, "Ada", "en")
    text = await participation_of(admin, "📈 Participation")
    assert "📈 Participation: all organisations" in text
    for line in (
        "🙋 People who took part: 7",
        "⏱ Hours given: 17",
        "💶 Value of those hours (at €15.00 an hour): €255.00",
        "• October 2026 — first time: <5 · came: <5 · hours: 11",
        # Beside the community centre's <5, the library's 7 would give it away (7 took part).
        "• Bibliotheek Midden — people: * · hours: 16",
        "• Buurthuis De Brug — people: <5 · hours: 1",
        "• Health — people: <5 · hours: 1 · ideas: 1",
    ):
        assert line in text, line
    assert "📄 Quarterly report" not in admin.buttons()  # under /stats, not here

    await tap(admin, HOUSE)
    text = visible(admin.last())
    assert "📈 Participation: Buurthuis De Brug" in text
    assert "🙋 People who took part: <5" in text and "⏱ Hours given: 1\n" in text
    # Ideas are the whole network's; none became one of the community centre's opportunities.
    assert "💡 Ideas shared by residents: 2" in text
    assert "✨ Ideas that became an opportunity: 0" in text
    assert "📊 All together" in admin.buttons()
    await tap(admin, "Q3 2026")
    assert "Q3 2026: 1 July to 30 September 2026" in visible(admin.last())
    assert "Participation: Buurthuis De Brug" in visible(admin.last())

    house, house_id = await make_coordinator(harness, 600, HOUSE, "en")
    await participation_of(house, "📈 Participation")
    answer = await house.click_data(f"1:tp:{data.library_id}")
    assert answer.get("show_alert") and "not allowed" in answer["text"]
    answer = await house.click_data(f"1:tp:{house_id}:2026Q9")
    assert STALE_EN in answer["text"]
    answer = await house.click_data(f"1:tp:{house_id}:Q4")
    assert STALE_EN in answer["text"]
    sam = await make_resident(harness, 151, "Sam", "en")
    await sam.send("/help")
    answer = await sam.click_data("1:tp:0")
    assert answer.get("show_alert") and "only for coordinators" in answer["text"]


async def test_no_value_when_the_hour_is_worth_nothing_and_an_empty_quarter(
    harness: BotHarness,
) -> None:
    """VOLUNTEER_HOUR_VALUE=0 leaves the value out; a quarter with nothing in it says 0."""
    harness.settings_overrides["VOLUNTEER_HOUR_VALUE"] = "0"
    await harness.restart()
    await make_coordinator(harness, 500, LIBRARY, "en")
    coco = harness.person(500, "Coco", "en")
    text = await participation_of(coco, "📈 Participation")
    assert "🙋 People who took part: 0" in text and "⏱ Hours given: 0" in text
    assert "Value" not in text and "€" not in text


def test_small_numbers_of_people_are_less_than_five() -> None:
    nl, en = Translator("nl"), Translator("en")
    assert [people_text(nl, n) for n in (0, 1, 4, 5, 6, 1234)] == [
        "0", "<5", "<5", "5", "6", "1.234"
    ]  # fmt: skip
    assert people_text(en, 1234) == "1,234" and people_text(en, 3) == "<5"


def test_quarters() -> None:
    assert Quarter.parse("2027Q1") == Quarter(2027, 1) == Quarter.parse(" 2027-q1 ")
    for bad in ("2027Q5", "2027Q0", "Q1 2027", "2027", "", "2027Q1x", "0027Q1"):
        with pytest.raises(ValueError, match="write it like 2027Q1"):
            Quarter.parse(bad)
    q4 = Quarter(2026, 4)
    assert q4.months(AMSTERDAM)[0] == datetime(2026, 9, 30, 22, tzinfo=UTC)  # summer time
    assert q4.end(AMSTERDAM) == datetime(2026, 12, 31, 23, tzinfo=UTC)  # winter time
    assert Quarter(2027, 1).previous() == q4 and q4.previous() == Quarter(2026, 3)
    now = datetime(2027, 1, 1, 0, 30, tzinfo=UTC)  # 01:30 in Amsterdam: the new year
    assert offered(now, AMSTERDAM) == [
        Quarter(2027, 1), Quarter(2026, 4), Quarter(2026, 3), Quarter(2026, 2)
    ]  # fmt: skip


def test_the_hour_value_setting() -> None:
    assert load_settings().volunteer_hour_value == Decimal("15.00")
    assert load_settings(VOLUNTEER_HOUR_VALUE="12,5").volunteer_hour_value == Decimal("12.50")
    assert load_settings(VOLUNTEER_HOUR_VALUE="€ 20").volunteer_hour_value == Decimal("20.00")
    for bad in ("abc", "-3", "15.555", "5000", "1e3", "NaN"):
        with pytest.raises(SettingsError, match="VOLUNTEER_HOUR_VALUE: must be an amount"):
            load_settings(VOLUNTEER_HOUR_VALUE=bad)


@pytest.mark.parametrize(
    ("numbers", "shown"),
    [
        ([3, 12], ["<5", "*"]),  # the total 15 minus 12 would give the 3
        ([12, 3, 0], ["*", "<5", "0"]),  # zeros point at nobody
        ([3, 7, 9], ["<5", "*", "9"]),  # the smallest of 5 or more goes
        ([2, 3], ["<5", "<5"]),  # a total of 5: 1+4, 2+3, ... nothing to work out
        ([4, 4], ["*", "<5"]),  # a total of 8: both must be 4
        ([1, 1], ["<5", "<5"]),  # a total under 5 shows as "<5" itself: nothing to subtract
        ([2, 2, 9], ["<5", "<5", "9"]),
        # One "*" beside a 5 must be 5 (it is the smallest of 5 or more): 13 - 10 gives the 3.
        ([3, 5, 5], ["<5", "*", "*"]),
        ([4, 6, 6], ["<5", "*", "*"]),
        ([6, 9], ["6", "9"]),
        ([0, 0], ["0", "0"]),
    ],
)
def test_one_more_number_is_left_out_when_a_small_one_could_be_worked_out(
    numbers: list[int], shown: list[str]
) -> None:
    t = Translator("en", AMSTERDAM)
    assert [people_text(t, n) for n in withhold(numbers)] == shown


def test_who_came_per_month_is_left_out_when_the_people_give_it_away() -> None:
    """14 people came: 4 only in October, 10 in November. "<5" and 10 would make October 4."""
    t = Translator("en", AMSTERDAM)
    assert [people_text(t, n) for n in withhold([4, 10, 0], at_least=14)] == ["<5", "*", "0"]
    # 8 people, all 3 of December came in November too: nothing to work out.
    assert [people_text(t, n) for n in withhold([0, 8, 3], at_least=8)] == ["0", "8", "<5"]


async def test_turkish_headings_inside_a_line_keep_their_letters(harness: BotHarness) -> None:
    """ "İlk kez" in a month's line is "ilk kez", not an i with two dots (Python's lower())."""
    await known_dataset(harness)
    admin = harness.person(ADMIN, "Ada", "tr")
    text = await participation_of(admin, "📈 Katılım")
    assert "ilk kez: " in text and "i\u0307lk" not in text
