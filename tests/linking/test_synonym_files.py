"""Synonym groups come from text files: the packaged one and an analyst's own."""

from __future__ import annotations

from pathlib import Path

from commitments.linking import (
    CommitmentIndex,
    Vocabulary,
    packaged_synonym_groups,
    read_synonym_groups,
    synonym_groups,
)


def test_a_synonym_file_holds_one_group_a_line_with_comments(tmp_path: Path) -> None:
    path = tmp_path / "groups.txt"
    path.write_text(
        "# transport\nFerry ferries  boat boats   # on the river\n\n  bus buses\n",
        encoding="utf-8",
    )

    assert read_synonym_groups(path) == ("ferry ferries boat boats", "bus buses")


def test_an_extra_file_adds_its_groups_to_the_packaged_ones(tmp_path: Path) -> None:
    path = tmp_path / "groups.txt"
    path.write_text("ferry ferries boat boats\n", encoding="utf-8")

    assert synonym_groups("") == packaged_synonym_groups()
    assert synonym_groups(str(path)) == (
        *packaged_synonym_groups(),
        "ferry ferries boat boats",
    )


def test_groups_that_share_a_word_are_one_group() -> None:
    vocabulary = Vocabulary(["wage wages salary", "salary pay"])

    assert len(set(vocabulary.stems("wages salary pay"))) == 1
    assert vocabulary.stems("bonus") != vocabulary.stems("pay")


def test_an_analysts_group_lets_a_report_in_other_words_find_its_pledge() -> None:
    commitments = [
        (1, "More ferries will serve the coast."),
        (2, "More buses will serve the coast."),
    ]
    report = "New boats have been launched."

    plain = CommitmentIndex(commitments).find_evidence(report)
    extended = CommitmentIndex(
        commitments, synonyms=[*packaged_synonym_groups(), "ferry ferries boat boats"]
    ).find_evidence(report)

    assert plain == []
    assert [match.commitment_id for match in extended[0].matches] == [1]
