"""Whole-text extraction: context, list frames, interviews, fields and offsets."""

from __future__ import annotations

import dataclasses
from datetime import date

from commitments.extraction import Candidate, extract
from commitments.extraction.actors import find_actor
from commitments.extraction.areas import AREAS, find_area
from commitments.extraction.targets import find_targets

D = date(2022, 2, 1)


def _by_quote(candidates: list[Candidate]) -> dict[str, Candidate]:
    return {c.quote: c for c in candidates}


def test_candidate_has_exactly_the_contract_fields() -> None:
    names = [field.name for field in dataclasses.fields(Candidate)]
    assert names == [
        "quote", "start", "end", "tier", "deadline", "deadline_text", "target",
        "actor", "area", "speaker", "type", "confidence", "cues",
    ]  # fmt: skip


def test_a_deadline_in_the_next_sentence_attaches_to_the_commitment() -> None:
    text = (
        "A national register of lobbyists should be created. This must be done by 2024."
    )
    found = _by_quote(extract(text, delivered_on=D))
    register = found["A national register of lobbyists should be created."]
    assert register.deadline == date(2024, 12, 31)


def test_a_dated_statement_before_lends_its_date() -> None:
    text = "The current mandates of mayors expire next year. I propose to elect mayors."
    found = _by_quote(extract(text, delivered_on=D))
    assert found["I propose to elect mayors."].deadline == date(2023, 12, 31)


def test_list_items_take_the_frame_and_horizon_of_their_lead_in() -> None:
    text = (
        "Over the next four years, our priorities are:\n\n"
        "– building 40,000 affordable homes;\n\n"
        "– halving hospital waiting lists.\n\n"
        "The country rests on three values:\n\n– honesty;\n\n– diligence.\n"
    )
    found = _by_quote(extract(text, delivered_on=D))
    assert set(found) == {
        "building 40,000 affordable homes",
        "halving hospital waiting lists",
    }
    assert all(c.deadline == date(2026, 2, 1) for c in found.values())


def test_two_separable_targets_give_two_candidates_with_the_same_quote() -> None:
    text = (
        "By 2026, the share of renewables should rise to 30%, "
        "and 5,000 wind turbines should be installed."
    )
    candidates = extract(text, delivered_on=D)
    assert len(candidates) == 2
    assert {c.quote for c in candidates} == {text}
    assert [c.target for c in candidates] == ["to 30%", "5,000 wind turbines"]


def test_interview_keeps_answers_and_interviewer_restatements_only() -> None:
    text = (
        "– In your address you promised that a new Tax Code will be adopted by 2025. "
        "What will it change?\n\n"
        "– The Tax Code will be adopted next year. Citizens should read it.\n\n"
        "– Will you run again?\n\n"
        "– No.\n"
    )
    candidates = extract(text, delivered_on=D, kind="interview")
    speakers = {c.quote: c.speaker for c in candidates}
    assert speakers == {
        "In your address you promised that a new Tax Code will be adopted by 2025.": (
            "interviewer"
        ),
        "The Tax Code will be adopted next year.": "speaker",
    }


def test_offsets_slice_the_text_and_fields_are_filled() -> None:
    text = (
        "Introduction.\n\n"
        "I instruct the Government, together with the Central Bank, to cut "
        "mortgage rates to 5% by the end of the year.\n"
    )
    (candidate,) = extract(text, delivered_on=D)
    assert text[candidate.start : candidate.end] == candidate.quote
    assert candidate.tier == "core"
    assert candidate.deadline == date(2022, 12, 31)
    assert candidate.deadline_text == "by the end of the year"
    assert candidate.target == "to 5%"
    assert candidate.actor == "Government; Central Bank"
    assert candidate.area in AREAS
    assert candidate.speaker == "speaker"
    assert 0.0 <= candidate.confidence <= 1.0
    assert "instruction" in candidate.cues


def test_targets_units_and_counts() -> None:
    assert find_targets("Raise output by at least 1.5 times and exports to 35%.") == [
        "by at least 1.5 times",
        "to 35%",
    ]
    assert find_targets("Allocate 200 billion tenge ($476 million) to SMEs.") == [
        "200 billion tenge ($476 million)"
    ]
    assert find_targets("Issue 7,000 quotas and repair 24,000 kilometres by 2025.") == [
        "7,000 quotas",
        "24,000 kilometres",
    ]
    assert find_targets("In 2025 we act.") == []


def test_actor_names_bodies_or_none() -> None:
    assert find_actor("I instruct the Ministry of Finance to audit banks.") == (
        "Ministry of Finance"
    )
    assert find_actor("Parliament will adopt the package of laws.") == "Parliament"
    assert find_actor("Akims must repair the roads.") == "akims"
    assert find_actor("Taxes will be cut.") is None


def test_area_is_one_of_the_standard_areas() -> None:
    assert find_area("Teachers' salaries will rise by 25%.") == "education"
    assert find_area("A new Environmental Code will be adopted.") == "environment"
    assert find_area("Nothing to see.") in AREAS
