"""Pure tests of the context mechanisms of commitments/linking/: a commitment's
context, an interview question, and the matches shown after the first."""

from __future__ import annotations

import pytest

from commitments.linking import RUNNER_UP_SHARE, CommitmentIndex

# Two pledges made in one paragraph: the second names its subject only through the
# first.
TEACHERS = (
    "Teachers are underpaid in every region. Teachers' salaries will be raised by "
    "25% next year. This will be increased further."
)


def test_a_pledge_that_names_its_subject_only_in_its_context_is_found() -> None:
    commitments = [
        (1, "This will be doubled by 2027."),
        (2, "A new airport will be built in the capital."),
    ]
    context = (
        "Nurses in rural clinics are paid too little. Their monthly salaries must "
        "rise. This will be doubled by 2027."
    )
    speech = "The salaries of rural nurses have been raised."

    without = CommitmentIndex(commitments).find_evidence(speech)
    [found] = CommitmentIndex(commitments, contexts={1: context}).find_evidence(speech)

    assert without == []
    assert [match.commitment_id for match in found.matches] == [1]


def test_a_commitments_own_words_outrank_its_neighbours_in_the_context() -> None:
    index = CommitmentIndex(
        [
            (1, "This will be increased further."),
            (2, "Teachers' salaries will be raised by 25% next year."),
        ],
        contexts={1: TEACHERS, 2: TEACHERS},
    )

    [found] = index.find_evidence("Teachers' salaries have been raised by 25%.")

    assert [match.commitment_id for match in found.matches] == [2, 1]
    assert found.matches[1].score < found.matches[0].score


def test_commitments_without_a_context_are_scored_on_their_own_text() -> None:
    commitments = [
        (1, "Teachers' salaries will be raised by 25% next year."),
        (2, "A new airport will be built in the capital."),
    ]
    speech = (
        "Teachers' salaries have been raised by 25%.\n\nThe new airport was built.\n"
    )

    plain = CommitmentIndex(commitments).find_evidence(speech)
    empty = CommitmentIndex(commitments, contexts={}).find_evidence(speech)
    unrelated = CommitmentIndex(
        commitments, contexts={99: "Nothing here is indexed."}
    ).find_evidence(speech)

    assert plain == empty == unrelated
    assert [found.matches[0].commitment_id for found in plain] == [1, 2]


def test_contexts_leave_restatements_unchanged() -> None:
    commitments = [
        (1, "This will be increased further."),
        (2, "Teachers' salaries will be raised by 25% next year."),
    ]
    quote = "We will raise teachers' salaries again next year."

    plain = CommitmentIndex(commitments).suggest_restatements(quote)
    with_context = CommitmentIndex(
        commitments, contexts={1: TEACHERS, 2: TEACHERS}
    ).suggest_restatements(quote)

    assert plain == with_context
    assert [match.commitment_id for match in plain] == [2]


ROADS_AND_SCHOOLS = [
    (1, "School buildings will be repaired by 2025."),
    (2, "Rural roads will be repaired by 2025."),
]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("What has been done about rural roads?", 2),
        ("What has been done about school buildings?", 1),
    ],
)
def test_an_interview_answer_is_read_with_its_question(
    question: str, expected: int
) -> None:
    speech = f"– {question}\n\n– We worked hard. Most of them have been repaired.\n"

    [found] = CommitmentIndex(ROADS_AND_SCHOOLS).find_evidence(speech, interview=True)

    assert found.quote == "Most of them have been repaired."
    assert found.matches[0].commitment_id == expected


def test_an_answers_own_words_outweigh_its_question() -> None:
    speech = (
        "– What has been done about rural roads?\n\n"
        "– The school buildings have been repaired.\n"
    )

    [found] = CommitmentIndex(ROADS_AND_SCHOOLS).find_evidence(speech, interview=True)

    assert found.matches[0].commitment_id == 1


def test_matches_after_the_first_need_only_a_share_of_the_minimum() -> None:
    speech = "– What has been done about rural roads?\n\n– Most have been repaired.\n"
    [scored] = CommitmentIndex(ROADS_AND_SCHOOLS, evidence_min_score=0.0).find_evidence(
        speech, interview=True
    )
    best, second = (match.score for match in scored.matches)
    # A minimum the second match misses but whose share it clears, while the best
    # match clears the minimum itself.
    min_score = second / ((1 + RUNNER_UP_SHARE) / 2)
    assert best >= min_score > second

    [found] = CommitmentIndex(
        ROADS_AND_SCHOOLS, evidence_min_score=min_score
    ).find_evidence(speech, interview=True)
    above_best = CommitmentIndex(
        ROADS_AND_SCHOOLS, evidence_min_score=best + 0.01
    ).find_evidence(speech, interview=True)

    assert [match.commitment_id for match in found.matches] == [2, 1]
    assert above_best == []


def test_mention_context_takes_the_paragraphs_around_the_quote() -> None:
    from bench.eval_linking import mention_context

    text = "First paragraph.\n\nSecond one. The quote.\n\nThird.\n\nFourth.\n"

    context = mention_context(text, text.index("The quote"), before=1, after=1)

    assert context == "First paragraph.\n\nSecond one. The quote.\n\nThird."
