"""Pure tests of how commitments/linking/ reads wording: synonyms, and sentences
that name their subject only through the sentence before."""

from __future__ import annotations

import pytest

from commitments.linking import (
    CommitmentIndex,
    Vocabulary,
    antecedents,
    packaged_synonym_groups,
    progress_strength,
    refers_back,
    stem,
)

SYNONYM_GROUPS = packaged_synonym_groups()
_stems = Vocabulary(SYNONYM_GROUPS).stems


def test_no_word_belongs_to_two_synonym_groups() -> None:
    owner: dict[str, int] = {}
    for number, group in enumerate(SYNONYM_GROUPS):
        for word in group.split():
            assert owner.setdefault(stem(word), number) == number, word


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("salaries", "wages"),
        ("lending", "loans"),
        ("rural", "villages"),
        ("akims", "governors"),
        ("raised", "increased"),
        ("Majilis", "parliamentary"),
    ],
)
def test_synonyms_are_folded_into_one_term(one: str, other: str) -> None:
    assert _stems(one) == _stems(other)


def test_words_outside_the_groups_keep_their_own_stem() -> None:
    assert _stems("opposition") != _stems("party")
    assert _stems("airports") == [stem("airports")]


def test_a_report_in_other_words_finds_its_pledge() -> None:
    index = CommitmentIndex(
        [
            (1, "Wages of rural doctors will be doubled by 2025."),
            (2, "A new airport will be built in the capital."),
        ]
    )

    [found] = index.find_evidence("The salaries of village physicians were raised.")

    assert [match.commitment_id for match in found.matches] == [1]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("This will be increased in the future.", True),
        ("Measures for its modernization have been identified.", True),
        ("The relevant legislation is before Parliament.", True),
        ("Such a mechanism must be protected.", True),
        ("Another 14,000 are under construction.", True),
        ("The second is held up by a dispute over its route.", True),
        ("Nine more have signed contracts for next year.", True),
        ("For the first time, mayors were elected.", False),
        ("We need more teachers in villages.", False),
        ("Teachers' salaries will be raised by 25%.", False),
        ("The Thistle Fund will open in Itsukushima.", False),
    ],
)
def test_refers_back(sentence: str, expected: bool) -> None:
    assert refers_back(sentence) is expected


def test_antecedents_give_the_sentence_before_a_quote_that_refers_back() -> None:
    text = (
        "Education\n\n"
        "Teachers are paid too little. Their salaries will rise by 25%.\n\n"
        "This will be increased in the future. A new school will open in Turkestan."
    )
    first = text.index("Teachers are")
    referring = text.index("Their salaries")
    anaphor = text.index("This will")
    plain = text.index("A new school")
    spans = [
        (first, text.index(".", first) + 1),
        (referring, text.index("25%.") + 4),
        (anaphor, text.index("future.") + 7),
        (plain, len(text)),
    ]

    found = antecedents(text, spans)

    assert found == {
        spans[1]: "Teachers are paid too little.",
        # Across a paragraph break: the pledge opens its paragraph.
        spans[2]: "Their salaries will rise by 25%.",
    }


def test_a_report_that_refers_back_is_read_with_the_sentence_before() -> None:
    commitments = [
        (1, "The reform of the quasi-public sector must be continued."),
        (2, "Public councils will be set up in every region."),
    ]
    speech = (
        "Special attention is paid to the quasi-public sector. Measures for its "
        "modernization have already been identified."
    )

    found = CommitmentIndex(commitments).find_evidence(speech)

    report = next(item for item in found if item.quote.startswith("Measures"))
    assert report.matches[0].commitment_id == 1


def test_the_sentence_before_counts_more_for_a_report_that_refers_back() -> None:
    index = CommitmentIndex(
        [
            (1, "School buildings will be repaired by 2025."),
            (2, "Rural roads will be repaired by 2025."),
        ],
        evidence_min_score=0.0,
    )

    def score_for_roads(report: str) -> float:
        [found] = index.find_evidence(f"Rural roads were a problem. {report}")
        return next(m.score for m in found.matches if m.commitment_id == 2)

    referring = score_for_roads("Their school buildings have been repaired.")
    plain = score_for_roads("The school buildings have been repaired.")

    assert referring > plain


def test_linking_generalises_to_the_hand_written_development_pairs() -> None:
    # bench/eval_linking_devset.py: three invented pairs of speeches (63 annotated
    # reports). It reaches recall@3 0.730 and top-1 0.635; the floors allow about
    # three items to slip.
    from bench.eval_linking_devset import evaluate_all

    total = evaluate_all()

    assert total["devset_items"] == 63
    assert total["recall_at_3"] >= 0.66
    assert total["top1"] >= 0.58


@pytest.mark.parametrize(
    "sentence",
    [
        "The deficit fell to 3.4 percent of GDP.",
        "Residents of 41 districts elected their administrators by popular vote.",
        "The new Tax Code is still not ready.",
        "Since June 2026, shops have not been allowed to give out plastic bags.",
        "Work on the highway has stopped since the contractor went bankrupt.",
        "On the digital identity card, we are a few months late.",
        "The Ministry of Transport is renegotiating the contract.",
    ],
)
def test_reports_of_how_things_stand_are_weak_progress_cues(sentence: str) -> None:
    assert progress_strength(sentence) == 1


@pytest.mark.parametrize(
    "sentence",
    [
        "The ring road will be completed by 2027.",
        "The money saved must go to rural schools.",
        "We need to build a hundred schools.",
        "The United Nations will meet in Astana.",
    ],
)
def test_promises_are_not_taken_for_reports(sentence: str) -> None:
    assert progress_strength(sentence) == 0


def test_a_perfect_needs_a_participle_not_just_a_word_in_en() -> None:
    assert progress_strength("Many families have children.") == 0
    assert progress_strength("The share of single bids has fallen.") == 1
