"""Detection: one fresh example per cue and per exclusion (none from the seeds)."""

from __future__ import annotations

import pytest

from commitments.extraction.detect import classify


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ("I instruct the Ministry of Health to open 40 rural clinics.", "instruction"),
        ("I have directed the Treasury to cut fees for exporters.", "instruction"),
        ("The Cabinet was instructed to draft a water strategy.", "instruction"),
        ("I call on Parliament to pass the budget bill this spring.", "request"),
        ("I'm calling on Congress to ratify the trade treaty.", "request"),
        ("I have decided to merge the two export agencies.", "decision"),
        ("It has been decided to abolish the vehicle tax.", "decision"),
        ("I propose to hold a referendum on the new constitution.", "proposal"),
        ("It is proposed to cap interest on payday loans.", "proposal"),
        ("I consider it necessary to create a maritime ministry.", "stance"),
        ("I believe it is possible to elect district mayors directly.", "stance"),
        ("I support lower tariffs on imported medicines.", "support"),
        ("We have set the goal of tripling solar capacity by 2030.", "task"),
        ("The task is to connect every school to broadband by 2026.", "task"),
        ("It is planned to allocate 5 billion euros to rail.", "plan"),
        ("Tonight, I am sending Congress a balanced budget.", "announcement"),
        ("My Government will introduce a bill to reform social care.", "future"),
        ("Ten new hospitals will be built in the north.", "future"),
        ("Legislation will be brought forward to protect renters.", "future"),
        ("Child benefit will continue.", "future"),
        ("By 2030, exports will be twice the current level.", "future"),
        ("A national water regulator should be established.", "obligation"),
        ("The penal code needs to be amended to punish stalking.", "obligation"),
        ("Regional airports must be modernised.", "obligation"),
        ("It is necessary to introduce a single tax return.", "necessity"),
        ("There is an urgent need to build flood defences.", "necessity"),
        ("The time has come to privatise the state airline.", "necessity"),
        ("The election law requires revision.", "necessity"),
        ("A new Space Agency is being established.", "ongoing"),
        ("The ministry is drafting a new Forest Code.", "ongoing"),
        ("Let us pass the infrastructure bill.", "let us"),
    ],
)
def test_each_cue_proposes_a_commitment(sentence: str, cue: str) -> None:
    detection = classify(sentence)
    assert detection is not None, sentence
    assert cue in detection.cues


@pytest.mark.parametrize(
    "sentence",
    [
        # achievements and past or present-perfect facts
        "Last year we built 300 schools and raised pensions by 8%.",
        "The new customs code has been adopted.",
        "More than two million families received support.",
        # problem descriptions
        "Our roads remain in poor condition and traffic deaths are rising.",
        # hypotheticals
        "If oil prices fall, we will cut spending.",
        "Should the need arise, ministers will consider further steps.",
        # questions
        "Will the Government raise the minimum wage?",
        # exhortations without a checkable object
        "We must be united in these difficult times.",
        "We must never forget the lessons of history.",
        "Every citizen should value honest work.",
        "Our nation must find its place in the new world.",
        "The courts must be independent and fair.",
        "Special attention should be paid to young people.",
        # forecasts by third parties
        "According to IMF forecasts, growth will reach 4% next year.",
        "Experts predict that inflation will fall below 5%.",
        # consequences and evaluations
        "This reform will lead to higher wages.",
        "Digital services will contribute to transparency.",
        # hopes, quotations and embedded clauses
        "I hope that our partners will support the plan.",
        "As the poet wrote, “we must build our own house”.",
        "We need to understand how the new system will work.",
        "The body, which should report to Parliament, was praised.",
    ],
)
def test_non_commitments_are_not_proposed(sentence: str) -> None:
    assert classify(sentence) is None, sentence


def test_concreteness_follows_deliverables_and_numbers() -> None:
    concrete = classify("A new Water Code should be developed.")
    vague = classify("Regional cooperation should be strengthened.")
    assert concrete is not None
    assert concrete.is_concrete
    assert vague is not None
    assert not vague.is_concrete
