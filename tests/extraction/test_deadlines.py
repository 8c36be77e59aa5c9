"""Deadline reading: every row of the table in docs/pledges.md, and the other forms."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from commitments.extraction import Candidate, extract
from commitments.extraction.deadlines import (
    fiscal_year_start,
    has_open_horizon,
    parse_deadline,
    plan_periods,
)

D = date(2020, 9, 1)  # the delivery date of the rows below


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # "by the end of the year", "this year", "before the end of this year"
        ("The law will be adopted by the end of the year.", date(2020, 12, 31)),
        ("This year the fund will be created.", date(2020, 12, 31)),
        ("Submit it before the end of this year.", date(2020, 12, 31)),
        # "next year", "by the end of next year", "within the next year"
        ("The bridge will open next year.", date(2021, 12, 31)),
        ("Finish it by the end of next year.", date(2021, 12, 31)),
        ("A code will be drafted within the next year.", date(2021, 12, 31)),
        # "by 2025", "in 2025", "until 2025"
        ("Coverage will reach 90% by 2025.", date(2025, 12, 31)),
        ("In 2025 the plant will be commissioned.", date(2025, 12, 31)),
        ("The moratorium is extended until 2025.", date(2025, 12, 31)),
        # "until the end of 2021"
        ("The programme runs until the end of 2021.", date(2021, 12, 31)),
        # "by April 2021"
        ("The list will be ready by April 2021.", date(2021, 4, 30)),
        # "from July 1, 2021", "as from January 2021", "from 2021", "starting 2021"
        ("From July 1, 2021, the scale applies.", date(2021, 7, 1)),
        ("Salaries rise as from January 2021.", date(2021, 1, 1)),
        ("From 2021, a new restriction applies.", date(2021, 1, 1)),
        ("Launch the scheme starting 2021.", date(2021, 1, 1)),
        # "within three years", "over the next five years"
        ("Every village gets a clinic within three years.", date(2023, 9, 1)),
        ("Output will grow over the next five years.", date(2025, 9, 1)),
        # "by December 1 of this year"
        ("Rules will be issued by December 1 of this year.", date(2020, 12, 1)),
        # quarters and halves
        ("It starts in the first quarter of 2021.", date(2021, 3, 31)),
        ("It starts in the first half of the year.", date(2021, 6, 30)),
        ("Payments are made for the second half of the year.", date(2020, 12, 31)),
        # seasons (this year unless named; a past season means the coming one)
        ("The session will be held in autumn.", date(2020, 11, 30)),
        ("The forum will meet in winter.", date(2021, 2, 28)),
        ("The games open in spring.", date(2021, 5, 31)),
        ("The camps open in summer.", date(2021, 8, 31)),
        # "within two months", "in the first year"
        ("Publish the register within two months.", date(2020, 11, 1)),
        ("In the first year, coverage will double.", date(2021, 9, 1)),
    ],
)
def test_parse_deadline_reads_every_row_of_the_table(
    sentence: str, expected: date
) -> None:
    found = parse_deadline(sentence, D)
    assert found is not None
    assert found[0] == expected
    assert found[1] in sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "In the medium term, growth should become green.",
        "In the future, this will be increased.",
        "Soon there will be a meeting of the Government.",
        "The law should be passed before the end of the current session.",
        "We will provide 1000 grants to young scientists.",
        "The quota rises to 7,000, covering 24,000 kilometres of roads.",
        "In 2019 we adopted the law.",
        "Last year 700 rural heads were elected.",
        "The budget is 2,025 million.",
    ],
)
def test_parse_deadline_gives_none_without_a_future_time(sentence: str) -> None:
    assert parse_deadline(sentence, D) is None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The act takes effect on 1 July 2021.", date(2021, 7, 1)),
        ("The act takes effect on July 1, 2021.", date(2021, 7, 1)),
        ("The act takes effect on 31.12.2021.", date(2021, 12, 31)),
        ("The act takes effect on 2021-07-01.", date(2021, 7, 1)),
        ("Works finish in Q3 2021.", date(2021, 9, 30)),
        ("Works finish by the end of March 2021.", date(2021, 3, 31)),
        ("Pay it within 30 days.", date(2020, 10, 1)),
        ("The register opens in 18 months.", date(2022, 3, 1)),
        ("The reform runs from 2021 to 2025.", date(2025, 12, 31)),
        ("The centre opens in June next year.", date(2021, 6, 30)),
        # several times in one sentence: the latest (the commitment's end) wins
        ("This year cut by 10%, and next year by another 15%.", date(2021, 12, 31)),
        # a finer expression in the same year wins over the bare year
        ("This year we will meet in spring.", date(2021, 5, 31)),
        # the end of a stated period that started before the speech
        (
            "The subsidy covers a period of 12 months, starting from March 16.",
            date(2021, 3, 16),
        ),
    ],
)
def test_parse_deadline_reads_common_english_forms(
    sentence: str, expected: date
) -> None:
    found = parse_deadline(sentence, D)
    assert found is not None
    assert found[0] == expected


def test_a_past_verb_does_not_date_the_commitment() -> None:
    found = parse_deadline(
        "Traditionally they were held in summer, but this year we meet in spring.",
        date(2024, 1, 3),
    )
    assert found == (date(2024, 5, 31), "in spring")


@pytest.mark.parametrize(
    ("sentence", "fiscal_start", "expected"),
    [
        ("Funds last for the rest of the financial year.", (4, 1), date(2021, 3, 31)),
        ("Taxes fall in the next financial year.", (4, 1), date(2022, 3, 31)),
        ("Spending rises in the 2021-22 financial year.", (4, 1), date(2022, 3, 31)),
        ("Relief is paid in 2021-22.", (4, 1), date(2022, 3, 31)),
        (
            "Seed is distributed in the 2021/22 financial year.",
            (7, 1),
            date(2022, 6, 30),
        ),
        ("Nurses are hired by the end of this fiscal year.", (4, 1), date(2021, 3, 31)),
        ("The pilot ends in fiscal year 2021.", (10, 1), date(2021, 9, 30)),
        ("Grants are paid next fiscal year.", (7, 1), date(2022, 6, 30)),
    ],
)
def test_parse_deadline_reads_financial_years_where_defined(
    sentence: str, fiscal_start: tuple[int, int], expected: date
) -> None:
    found = parse_deadline(sentence, D, fiscal_start=fiscal_start)
    assert found is not None
    assert found[0] == expected


def test_financial_year_without_a_definition_gives_no_deadline() -> None:
    assert parse_deadline("Taxes fall in the next financial year.", D) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Our financial year begins on 1 April.", (4, 1)),
        ("The fiscal year starts on October 1 each year.", (10, 1)),
        ("Members of the House of Commons, the United Kingdom will…", (4, 1)),
        ("Australia will invest more.", (7, 1)),
        ("A speech that names no country.", None),
        ("Kenya will invest more.", (7, 1)),
        (
            "The Philippines thanks the United States. The Philippines will grow.",
            (1, 1),
        ),
        ("Canada and the United States trade; Canada will cut tariffs.", (4, 1)),
    ],
)
def test_fiscal_year_start_comes_from_the_text(
    text: str, expected: tuple[int, int] | None
) -> None:
    assert fiscal_year_start(text) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Homes will be built over the next decade.", date(2030, 9, 1)),
        ("Decisions are issued within three years from now.", date(2023, 9, 1)),
        ("The order will be signed tomorrow.", date(2020, 9, 2)),
        # a day and month already past this year: the coming one
        ("Plans are due by 1 March.", date(2021, 3, 1)),
        ("Plans are due by March 1.", date(2021, 3, 1)),
        # a planning period named by its years
        ("During the 2021-2025 period, growth will average 5%.", date(2025, 12, 31)),
    ],
)
def test_parse_deadline_reads_decades_days_and_periods(
    sentence: str, expected: date
) -> None:
    found = parse_deadline(sentence, D)
    assert found is not None
    assert found[0] == expected


@pytest.mark.parametrize(
    "sentence",
    [
        # a time counted from another event is a service standard, not a deadline
        "Claims are settled within two years of an application.",
        "Farmers are paid within seven days of delivery.",
        # an unnumbered plan period, and no plans known
        "During the Ninth Five-Year Plan period, output will grow.",
    ],
)
def test_parse_deadline_gives_none_for_times_not_counted_from_delivery(
    sentence: str,
) -> None:
    assert parse_deadline(sentence, D) is None


def test_a_five_year_plan_is_dated_by_the_text_or_by_chinese_numbering() -> None:
    defined = plan_periods("Targets of the Ninth Five-Year Plan (2021-2025) are set.")
    assert defined == {9: 2025}
    found = parse_deadline(
        "By the end of the ninth five-year plan, every village will have a road.",
        D,
        plans=defined,
    )
    assert found == (
        date(2025, 12, 31),
        "By the end of the ninth five-year plan",
    )
    chinese = plan_periods("China will carry out the 14th Five-Year Plan.")
    assert chinese[14] == 2025
    assert chinese[16] == 2035
    assert plan_periods("A speech without any plan.") == {}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("2,000 nurses will be hired by the end of this Parliament.", True),
        ("The Bill will be passed in this session of Parliament.", True),
        ("Fees are waived from the start of the next school year.", True),
        ("The referendum will be held before the next election.", True),
        ("The law will be adopted by the end of this year.", False),
        ("The law will be adopted soon.", False),
    ],
)
def test_has_open_horizon_finds_times_without_a_readable_date(
    sentence: str, expected: bool
) -> None:
    assert has_open_horizon(sentence) is expected


@pytest.mark.parametrize(
    ("sentence", "fiscal_start", "expected"),
    [
        # an April year is named by the year it begins in
        ("The grant is paid in FY2021.", (4, 1), date(2022, 3, 31)),
        ("The scheme runs until FY2022.", (4, 1), date(2023, 3, 31)),
        # a July or October year by the year it ends in
        ("The grant is paid in FY2021.", (7, 1), date(2021, 6, 30)),
        ("The grant is paid in FY2021.", (10, 1), date(2021, 9, 30)),
        # a start is the first day of that financial year
        ("From FY2021 onwards, the cap rises.", (4, 1), date(2021, 4, 1)),
        ("I will lower the rate from FY2022.", (4, 1), date(2022, 4, 1)),
        ("Spending is phased in over FY2021 and FY2022.", (4, 1), date(2023, 3, 31)),
    ],
)
def test_parse_deadline_names_financial_years_as_their_country_does(
    sentence: str, fiscal_start: tuple[int, int], expected: date
) -> None:
    found = parse_deadline(sentence, D, fiscal_start=fiscal_start)
    assert found is not None
    assert found[0] == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a year of assessment is the calendar year named; a start its first day
        ("The rebate is raised for YA2021.", date(2021, 12, 31)),
        ("The relief cap applies from YA 2022.", date(2022, 1, 1)),
        ("The rebate applies for Year of Assessment 2021.", date(2021, 12, 31)),
        ("The deduction rises for YA2021 and beyond.", date(2021, 1, 1)),
        # years after "for", "to" and "around"
        (
            "Co-funding is 20% for 2021, 15% for 2022 and 10% for 2023.",
            date(2023, 12, 31),
        ),
        ("The new campus will be ready around 2024.", date(2024, 12, 31)),
        ("Funds are set aside for 2021 and 2022.", date(2022, 12, 31)),
        ("The credit is extended till end-2022.", date(2022, 12, 31)),
        ("The programme to 2024 sets the goals.", date(2024, 12, 31)),
        # "before 2024" is due by the end of 2023
        ("We must build 200 plants before 2024.", date(2023, 12, 31)),
        # year ranges give their end
        ("Support is given from 2021 to 2023.", date(2023, 12, 31)),
        ("Funding is fixed for the 2021-2025 period.", date(2025, 12, 31)),
    ],
)
def test_parse_deadline_reads_tax_years_and_years_after_prepositions(
    sentence: str, expected: date
) -> None:
    found = parse_deadline(sentence, D)
    assert found is not None
    assert found[0] == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the day of delivery, the day after
        ("We will raise the grant with immediate effect.", D),
        ("The duty rises by 10% with effect from today.", D),
        ("These changes take effect today.", D),
        ("Homes bought from tomorrow pay the higher duty.", date(2020, 9, 2)),
        # month ends
        ("Payouts will be made in end-September.", date(2020, 9, 30)),
        ("The rest will be launched by the end of March.", date(2021, 3, 31)),
        ("The forum will be held in mid-November.", date(2020, 11, 30)),
        ("Next December, the missiles will be on alert.", date(2020, 12, 31)),
        # parts of a year
        ("We will give an update later in the year.", date(2020, 12, 31)),
        ("Decide it in the first six months of next year.", date(2021, 6, 30)),
        ("The law will be adopted in early 2021.", date(2021, 3, 31)),
        ("The line opens by mid-2022.", date(2022, 6, 30)),
        ("A ceasefire is declared, effective immediately.", D),
        # weeks end on Sunday (1 September 2020 is a Tuesday)
        ("The meeting is scheduled for next week.", date(2020, 9, 13)),
        ("We will sign it this week.", date(2020, 9, 6)),
        ("We will pay the grants this October.", date(2020, 10, 31)),
        # New Year's Day is the same date everywhere
        ("The roads will be repaired by New Year.", date(2021, 1, 1)),
    ],
)
def test_parse_deadline_reads_days_and_parts_of_a_year(
    sentence: str, expected: date
) -> None:
    found = parse_deadline(sentence, D)
    assert found is not None
    assert found[0] == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("We will offer the loan for three years.", date(2023, 9, 1)),
        ("We will extend the rebates for another year.", date(2021, 9, 1)),
        ("I will extend the scheme for two more years.", date(2022, 9, 1)),
        ("A package is offered for an initial period of three years.",
         date(2023, 9, 1)),
        ("Budgets allocate funds over a three-year period.", date(2023, 9, 1)),
        ("Introduce them within a timeframe of four years.", date(2024, 9, 1)),
        ("Over a period of the next six years, emissions fall 20%.", date(2026, 9, 1)),
        ("In just four years from now, exports will exceed imports.", date(2024, 9, 1)),
        ("Support of $1 billion is given over the next year.", date(2021, 9, 1)),
        # spans that follow each other add up
        ("A full rebate for one year, and a partial one for another two years.",
         date(2023, 9, 1)),
        # a span with its own start ends the day before its anniversary
        ("We will match donations for three years, starting from October this year.",
         date(2023, 9, 30)),
        # a calendar date in the same year says when a span ends
        ("I will extend it for three years, to the end of 2023.", date(2023, 12, 31)),
    ],
)  # fmt: skip
def test_parse_deadline_counts_spans_from_delivery(
    sentence: str, expected: date
) -> None:
    found = parse_deadline(sentence, D)
    assert found is not None
    assert found[0] == expected


@pytest.mark.parametrize(
    "sentence",
    [
        # how long something lasts or holds, not when it is due
        "Passports will be valid for ten years.",
        "Firms enjoy royalty-free licences for 18 months.",
        "The building standards should remain the same for three years.",
        # a parliament's session named by its season ends when the session does
        "The bill will be passed during the spring session.",
        # a rate, a level, a thing named by its year, a recurring schedule
        "Plants producing 25,000 tonnes of emissions in a year pay the tax.",
        "We will raise the share from today's 8 percent to 60.",
        "I will use some of this year's surplus to save for the future.",
        "In subsequent years, payouts will be made in March and September.",
        # a holiday whose date differs by country or calendar
        "Roads will be repaired by Independence Day.",
        "Bonuses are paid before the Lunar New Year.",
        # a term end that the caller did not give
        "We will have lasting peace before my term ends.",
    ],
)
def test_parse_deadline_gives_none_for_durations_rates_and_unknown_days(
    sentence: str,
) -> None:
    assert parse_deadline(sentence, D) is None


def test_a_start_earlier_in_the_year_of_delivery_is_kept() -> None:
    delivered_on = date(2020, 3, 15)
    found = parse_deadline("From January 2020, families will receive it.", delivered_on)
    assert found == (date(2020, 1, 1), "From January 2020")
    entry = parse_deadline(
        "The new rules should come into effect on 1 January 2020.", delivered_on
    )
    assert entry is not None
    assert entry[0] == date(2020, 1, 1)
    # but a due date already past is the past
    assert parse_deadline("It was due by January 2020.", delivered_on) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "We will have lasting peace before my term ends.",
        "By the end of my term, the economy will be stronger.",
        "I will finish the railway within my term of office.",
    ],
)
def test_the_end_of_my_term_is_read_when_the_term_end_is_known(sentence: str) -> None:
    term_ends = date(2022, 6, 30)
    found = parse_deadline(sentence, D, term_ends=term_ends)
    assert found is not None
    assert found[0] == term_ends
    assert found[1] in sentence
    assert has_open_horizon(sentence)
    assert parse_deadline(sentence, D) is None


def _deadlines(text: str, **options: date) -> dict[str, date | None]:
    candidates: list[Candidate] = extract(text, delivered_on=D, **options)
    return {c.quote: c.deadline for c in candidates}


def test_a_sentence_that_dates_the_measures_just_announced_dates_each_of_them() -> None:
    found = _deadlines(
        "We will enhance the housing grant.\n\n"
        "First, we will raise the grant for families to $30,000.\n\n"
        "Second, we will simplify the criterion for what is near.\n\n"
        "These changes will take effect from 1 April 2021."
    )
    assert found["We will enhance the housing grant."] == date(2021, 4, 1)
    assert found["First, we will raise the grant for families to $30,000."] == date(
        2021, 4, 1
    )
    assert found["Second, we will simplify the criterion for what is near."] == date(
        2021, 4, 1
    )


def test_the_dating_sentence_reaches_no_further_than_a_dated_commitment() -> None:
    found = _deadlines(
        "We will build 20 schools by 2025.\n\n"
        "We will raise the levy for employers.\n\n"
        "These changes will take effect from 1 April 2021."
    )
    assert found["We will build 20 schools by 2025."] == date(2025, 12, 31)
    assert found["We will raise the levy for employers."] == date(2021, 4, 1)


def test_a_dated_commitment_dates_the_measures_it_enumerates() -> None:
    found = _deadlines(
        "Starting in 2022, I will make two changes to the tax schemes. "
        "First, I will restrict the exemptions to the first $200,000 of income. "
        "Second, I will exempt 75% of the first $100,000 of income.\n\n"
        "The Government will review the other schemes."
    )
    assert found[
        "First, I will restrict the exemptions to the first $200,000 of income."
    ] == date(2022, 1, 1)
    assert found["Second, I will exempt 75% of the first $100,000 of income."] == date(
        2022, 1, 1
    )
    assert found["The Government will review the other schemes."] is None


def test_a_start_frames_the_next_sentence_that_goes_on_about_it() -> None:
    found = _deadlines(
        "From January 2021, poor families will receive monthly benefits. "
        "These benefits will be paid until the child reaches the age of three."
    )
    assert found[
        "These benefits will be paid until the child reaches the age of three."
    ] == date(2021, 1, 1)


def test_extract_dates_the_end_of_my_term_only_when_given() -> None:
    text = "We will achieve lasting peace before my term ends."
    assert _deadlines(text)[text] is None
    assert _deadlines(text, term_ends=date(2022, 6, 30))[text] == date(2022, 6, 30)


def test_the_command_passes_the_term_end(tmp_path: Path) -> None:
    path = tmp_path / "speech.txt"
    path.write_text("We will achieve lasting peace before my term ends.\n")
    out = StringIO()
    call_command(
        "extract_commitments", str(path), "--date", "2020-09-01", "--format", "json",
        "--term-ends", "2022-06-30", stdout=out,
    )  # fmt: skip
    rows = json.loads(out.getvalue())
    assert [row["deadline"] for row in rows] == ["2022-06-30"]


def test_this_takes_effect_dates_only_the_measures_of_its_paragraph() -> None:
    found = _deadlines(
        "We will increase support for schools in two ways.\n\n"
        "First, we will raise the annual grant to $230 per student. "
        "This will take effect from January 2021."
    )
    assert found["First, we will raise the annual grant to $230 per student."] == (
        date(2021, 1, 1)
    )
    assert found["We will increase support for schools in two ways."] is None


def test_a_reminder_of_what_holds_lends_no_date() -> None:
    found = _deadlines(
        "Let me remind you that hospitals are exempt from profit tax until 1 January "
        "2022. I propose extending this exemption to libraries."
    )
    assert found["I propose extending this exemption to libraries."] is None


def test_a_span_is_read_on_the_calendar_the_next_sentence_spells_out() -> None:
    found = _deadlines(
        "We will provide a top-up of $200 a year for five years. "
        "It will run from this year until 2024."
    )
    assert found["We will provide a top-up of $200 a year for five years."] == date(
        2024, 12, 31
    )
    alone = _deadlines("We will provide a top-up of $200 a year for five years.")
    assert alone["We will provide a top-up of $200 a year for five years."] == date(
        2025, 9, 1
    )


def test_a_sentence_that_spells_out_the_previous_shares_its_time() -> None:
    found = _deadlines(
        "Next year pensions will be indexed by 6.6 percent. "
        "This means pensions will grow twice as fast as prices."
    )
    assert found["This means pensions will grow twice as fast as prices."] == date(
        2021, 12, 31
    )


def test_a_start_does_not_frame_a_sentence_that_shares_only_a_long_function_word() -> (
    None
):
    found = _deadlines(
        "Starting next year, all permits will be issued online through one portal. "
        "We will reduce the housing backlog through a new programme."
    )
    assert found["We will reduce the housing backlog through a new programme."] is None
