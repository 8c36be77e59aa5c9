"""The index of existing commitments, and how new text is scored against it.

Similarity is TF-IDF cosine over two views of the text (`commitments.linking.words`),
weighted; an evidence sentence is read with its context and its clauses
(`commitments.linking.context`); optionally the cosine of a sentence embedding model
is blended in (`commitments.linking.embeddings`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from commitments.linking.context import clauses, refers_back
from commitments.linking.embeddings import Embedder, unit_rows
from commitments.linking.progress import progress_strength
from commitments.linking.synonyms import packaged_synonym_groups
from commitments.linking.words import Vocabulary, char_grams, content_words
from speechtext.sentences import Segment, segment
from speechtext.turns import INTERVIEWEE, is_question, speaker_of_turn

if TYPE_CHECKING:
    from numpy.typing import NDArray

# Minimum scores for a suggestion, calibrated on the seed addresses (see
# bench/eval_linking.py and bench/linking_pipeline.py), for TF-IDF alone and blended
# with the embedding model. Restatements: about the level a true restatement reaches
# while most unrelated new commitments stay below. Evidence: just below the lowest
# score at which the seed's progress reports reach their commitments (0.173); a
# sentence whose progress cue is weak must clear it by a small margin. On the seed
# interview this puts 127 of its 510 sentences to analysts.
RESTATEMENT_MIN_SCORE = 0.30
EVIDENCE_MIN_SCORE = 0.16
WEAK_CUE_MARGIN = 0.02
EMBEDDING_RESTATEMENT_MIN_SCORE = 0.40
EMBEDDING_EVIDENCE_MIN_SCORE = 0.30
EMBEDDING_WEAK_CUE_MARGIN = 0.05
# Once a sentence's best match clears the minimum, the matches after it need only
# this share of it: the analyst sees the close alternatives of a report, the ones a
# lexical score cannot tell apart from the first.
RUNNER_UP_SHARE = 0.8


@dataclass(frozen=True, slots=True)
class Match:
    """An existing commitment and how similar it is (0–1, higher is closer)."""

    commitment_id: int
    score: float


@dataclass(frozen=True, slots=True)
class EvidenceSuggestion:
    """A sentence that reports progress, with the commitments it may be evidence for.

    `text[start:end] == quote` for the text given to `find_evidence`; `matches` is
    ranked, best first, and never empty.
    """

    start: int
    end: int
    quote: str
    matches: tuple[Match, ...]


# How much each view counts; the character view is a safety net for words the
# stemmer does not conflate, not the main signal.
WORD_WEIGHT = 0.7
CHAR_WEIGHT = 0.3
# A clause alone may match a commitment better than its whole sentence; discounted so
# that a sentence matching as a whole still wins.
CLAUSE_WEIGHT = 0.9
# Context blended into an evidence sentence (each context vector normalised first):
# progress reports often name their subject only in the sentence before ("Measures
# for its modernization have been identified") or in the paragraph's topic.
PREVIOUS_WEIGHT = 0.5
# A sentence that does not refer back (see `refers_back`) names its own subject: the
# sentence before it counts for less, or it would pull the report towards the
# previous topic ("We have a democratic law on peaceful assemblies. We have recently
# adopted a law regulating ... petitions.").
PLAIN_PREVIOUS_WEIGHT = 0.2
PARAGRAPH_WEIGHT = 0.3
# In an interview, the question an answer replies to names its topic ("citizens who
# are unable to repay consumer loans" before an answer about lending rules); it is
# blended in lightly, since answers stray from their question.
QUESTION_WEIGHT = 0.1
# A commitment's context (the paragraphs around the passages where it was made) is
# scored like its own text and counts at this discount: it rescues pledges that name
# their subject only there ("This will be increased in the future."), while a
# commitment's own words still win over a neighbour's.
CONTEXT_WEIGHT = 0.7
# Weight of the embedding model's cosine, when used, against the TF-IDF score.
EMBEDDING_WEIGHT = 0.5


class _Space:
    """TF-IDF word and character views fitted on one corpus.

    The IDF weights come from the whole corpus given: the commitments, plus, when
    linking a speech, its sentences, so that words the speech uses everywhere ("law",
    "reforms") count for less. `rows` holds the corpus itself, a unit-length row per
    text and one matrix per view.
    """

    def __init__(self, corpus: Sequence[str], vocabulary: Vocabulary) -> None:
        self.views: list[tuple[float, TfidfVectorizer]] = [
            (
                WORD_WEIGHT,
                TfidfVectorizer(
                    analyzer=vocabulary.stems, sublinear_tf=True, lowercase=False
                ),
            ),
            (
                CHAR_WEIGHT,
                TfidfVectorizer(
                    analyzer=char_grams, sublinear_tf=True, lowercase=False
                ),
            ),
        ]
        self.rows: list[Any] = [
            normalize(vectorizer.fit_transform(corpus)) for _, vectorizer in self.views
        ]

    def select(self, indices: Sequence[int]) -> list[Any]:
        """Return the rows of the corpus at `indices`, one matrix per view."""
        return [matrix[list(indices)] for matrix in self.rows]

    def embed(self, texts: Sequence[str]) -> list[Any]:
        """Return one matrix per view, a unit-length row per text (zero if empty)."""
        return [normalize(vectorizer.transform(texts)) for _, vectorizer in self.views]

    def similarity(self, queries: list[Any], documents: list[Any]) -> NDArray[Any]:
        """Weighted cosine of each query row with each document row."""
        total: NDArray[Any] = np.zeros((queries[0].shape[0], documents[0].shape[0]))
        for (weight, _), query, document in zip(
            self.views, queries, documents, strict=True
        ):
            # scipy transposes the right-hand matrix: let that be the smaller one
            # (the same products either way). Transposing 100,000 commitments for
            # every sentence took most of an import; a 2 MB speech's sentences
            # against a few commitments are the other way round.
            if query.shape[0] <= document.shape[0]:
                total += weight * (document @ query.T).T.toarray()
            else:
                total += weight * (query @ document.T).toarray()
        return total


def _blend(
    vectors: list[Any], contexts: Sequence[tuple[float, list[Any]]]
) -> list[Any]:
    """Add weighted context rows to query rows, view by view, and renormalise."""
    blended = []
    for view, matrix in enumerate(vectors):
        for weight, context in contexts:
            matrix = matrix + weight * context[view]
        blended.append(normalize(matrix))
    return blended


class CommitmentIndex:
    """Existing commitments, searchable by similarity to new text.

    Build one per linking run; it does not change afterwards. The TF-IDF views are
    fitted on first use: for restatements on the commitments alone (once), for
    evidence on the commitments and the speech's sentences (each call; about 0.3 s
    for 300 commitments with contexts and a 60 KB speech). Ties are broken by
    commitment id, so results are deterministic. With `use_embeddings`, the optional
    embedding model is blended in (ImportError when the `embeddings` extra is
    missing, see `embeddings_available`; it costs seconds, not milliseconds) and the
    minimum scores default to its own calibration.

    `contexts` maps a commitment id to the text around the passages where the
    commitment was made (for each mention, its paragraph and the paragraphs either
    side); evidence is scored against it too, at `CONTEXT_WEIGHT`, so that a pledge
    whose subject is only named nearby can still be found. Commitments missing from
    it have no context. Restatements compare with the commitments' own text only.

    `synonyms` are the synonym groups words are folded by (one group a string, see
    `commitments.linking.synonyms`); the packaged groups when not given.
    """

    def __init__(
        self,
        commitments: Iterable[tuple[int, str]],
        *,
        use_embeddings: bool = False,
        restatement_min_score: float | None = None,
        evidence_min_score: float | None = None,
        contexts: Mapping[int, str] | None = None,
        synonyms: Iterable[str] | None = None,
    ) -> None:
        pairs = [(commitment_id, text) for commitment_id, text in commitments]
        self.commitment_ids: tuple[int, ...] = tuple(pair[0] for pair in pairs)
        self.texts: tuple[str, ...] = tuple(pair[1] for pair in pairs)
        found = contexts or {}
        self.contexts: tuple[str, ...] = tuple(
            found.get(commitment_id, "") for commitment_id in self.commitment_ids
        )
        self._has_context = any(content_words(text) for text in self.contexts)
        self._id_order = np.argsort(np.argsort(self.commitment_ids, kind="stable"))
        self.use_embeddings = use_embeddings
        defaults = (
            (EMBEDDING_RESTATEMENT_MIN_SCORE, EMBEDDING_EVIDENCE_MIN_SCORE)
            if use_embeddings
            else (RESTATEMENT_MIN_SCORE, EVIDENCE_MIN_SCORE)
        )
        self.weak_cue_margin = (
            EMBEDDING_WEAK_CUE_MARGIN if use_embeddings else WEAK_CUE_MARGIN
        )
        self.restatement_min_score = (
            defaults[0] if restatement_min_score is None else restatement_min_score
        )
        self.evidence_min_score = (
            defaults[1] if evidence_min_score is None else evidence_min_score
        )
        self.vocabulary = _vocabulary(
            packaged_synonym_groups() if synonyms is None else tuple(synonyms)
        )
        self._is_empty = not any(content_words(text) for text in self.texts)
        self._space: _Space | None = None  # fitted on the commitments alone, lazily
        self._embedded: NDArray[Any] | None = None
        self._embedded_contexts: NDArray[Any] | None = None
        if use_embeddings and not self._is_empty:
            self._embedded = Embedder.encode(self.texts)
            if self._has_context:
                self._embedded_contexts = _encode_or_zero(self.contexts)

    def __len__(self) -> int:
        return len(self.commitment_ids)

    def _ranked(
        self, scores: NDArray[Any], limit: int, min_score: float
    ) -> list[Match]:
        # Best score first, ties by commitment id.
        order = np.lexsort((self._id_order, -scores))[: max(limit, 0)]
        return [
            Match(self.commitment_ids[i], round(float(scores[i]), 4))
            for i in order
            if scores[i] >= min_score
        ]

    def _with_embeddings(
        self, scores: NDArray[Any], queries: NDArray[Any]
    ) -> NDArray[Any]:
        if self._embedded is None:
            return scores
        unit = unit_rows(queries)
        cosines = np.clip(unit @ self._embedded.T, 0.0, 1.0)
        if self._embedded_contexts is not None:
            context_cosines = np.clip(unit @ self._embedded_contexts.T, 0.0, 1.0)
            cosines = np.maximum(cosines, CONTEXT_WEIGHT * context_cosines)
        tfidf_weight = 1 - EMBEDDING_WEIGHT
        blended: NDArray[Any] = tfidf_weight * scores + EMBEDDING_WEIGHT * cosines
        return blended

    def suggest_restatements(self, quote: str, limit: int = 3) -> list[Match]:
        """Rank the commitments that `quote` (a new candidate) may restate."""
        if self._is_empty or not content_words(quote):
            return []
        if self._space is None:
            self._space = _Space(self.texts, self.vocabulary)
        scores = self._space.similarity(self._space.embed([quote]), self._space.rows)
        if self._embedded is not None:
            # Restatements are judged on the commitments' own words: a neighbour's
            # words in the context would make every pledge nearby a restatement.
            cosines = np.clip(
                unit_rows(Embedder.encode([quote])) @ self._embedded.T, 0.0, 1.0
            )
            scores = (1 - EMBEDDING_WEIGHT) * scores + EMBEDDING_WEIGHT * cosines
        return self._ranked(scores[0], limit, self.restatement_min_score)

    def find_evidence(
        self, text: str, *, interview: bool = False, limit: int = 3
    ) -> list[EvidenceSuggestion]:
        """Find the sentences of `text` that report progress on indexed commitments.

        Returns the suggestions in text order; a progress report that matches no
        commitment above the minimum score is left out. `interview` is passed to the
        sentence splitter (turns open with a dash), and an answer is then also read
        with the question before it.
        """
        if self._is_empty:
            return []
        pieces = segment(text, interview=interview)
        strengths = [
            0 if piece.is_heading else progress_strength(piece.text) for piece in pieces
        ]
        chosen = [position for position, value in enumerate(strengths) if value > 0]
        if not chosen:
            return []
        scores = self._evidence_scores(
            pieces, chosen, [strengths[position] for position in chosen]
        )
        suggestions: list[EvidenceSuggestion] = []
        for row, position in enumerate(chosen):
            min_score = self.evidence_min_score
            if strengths[position] == 1:
                min_score += self.weak_cue_margin
            matches = self._ranked(scores[row], limit, RUNNER_UP_SHARE * min_score)
            if matches and matches[0].score >= min_score:
                piece = pieces[position]
                suggestions.append(
                    EvidenceSuggestion(
                        piece.start, piece.end, piece.text, tuple(matches)
                    )
                )
        return suggestions

    def _evidence_scores(
        self,
        pieces: Sequence[Segment],
        chosen: Sequence[int],
        strengths: Sequence[int],
    ) -> NDArray[Any]:
        """Score each chosen piece (whose progress cue has the given strength, see
        `progress_strength`) against every commitment."""
        count = len(self.texts)
        # The contexts are left out of the IDF corpus: the paragraphs around the
        # commitments would weigh their address's vocabulary twice.
        space = _Space(
            [*self.texts, *(piece.text for piece in pieces)], self.vocabulary
        )
        documents = [space.select(range(count))]
        if self._has_context:
            documents.append(space.embed(self.contexts))
        picks = _context_picks(pieces, chosen)
        all_pieces = space.select(range(count, count + len(pieces)))
        context = [
            (weight, [normalize(csr_matrix(pick) @ matrix) for matrix in all_pieces])
            for weight, pick in picks
        ]
        own = space.select([count + position for position in chosen])
        sentences = _blend(own, context)
        # Every clause of every sentence is scored too; each carries its sentence's
        # context.
        owners: list[int] = []
        parts: list[str] = []
        for row, position in enumerate(chosen):
            for part in clauses(pieces[position].text):
                owners.append(row)
                parts.append(part)
        part_queries = (
            _blend(
                space.embed(parts),
                [
                    (weight, [matrix[owners] for matrix in vectors])
                    for weight, vectors in context
                ],
            )
            if parts
            else None
        )
        # Scored against the commitments' own texts, then against their contexts;
        # a commitment keeps the better of the two, its context's discounted.
        per_document: list[NDArray[Any]] = []
        for matrices in documents:
            scores = space.similarity(sentences, matrices)
            if part_queries is not None:
                part_scores = space.similarity(part_queries, matrices)
                for part_row, row in enumerate(owners):
                    scores[row] = np.maximum(
                        scores[row], CLAUSE_WEIGHT * part_scores[part_row]
                    )
            per_document.append(scores)
        scores = per_document[0]
        if len(per_document) > 1:
            scores = np.maximum(scores, CONTEXT_WEIGHT * per_document[1])
        # Context ranks the commitments a sentence is about; it cannot make a
        # sentence about something else evidence ("We worked hard." before "Most
        # roads have been repaired."). A sentence scores nothing for a commitment
        # it shares no word with (in its text or context), unless it refers back;
        # one whose progress cue is weak needs two words in common with the
        # commitment's own text, since one ("future", "Government") is mostly chance.
        words = own[0].sign()
        in_text = (words @ documents[0][0].sign().T).toarray()
        in_context = in_text
        if len(documents) > 1:
            in_context = np.maximum(
                in_text, (words @ documents[1][0].sign().T).toarray()
            )
        weak = np.array([strength == 1 for strength in strengths])[:, None]
        refer = np.array([refers_back(pieces[position].text) for position in chosen])
        keep = np.where(weak, in_text >= 2, in_context >= 1) | refer[:, None]
        scores = np.where(keep, scores, 0.0)
        if self._embedded is not None:
            encoded = Embedder.encode([piece.text for piece in pieces])
            queries = encoded[list(chosen)]
            for weight, pick in picks:
                queries = queries + weight * unit_rows(pick @ encoded)
            scores = self._with_embeddings(scores, queries)
        return scores


@functools.lru_cache(maxsize=4)
def _vocabulary(groups: tuple[str, ...]) -> Vocabulary:
    """One vocabulary per set of groups: an index is built per linking run."""
    return Vocabulary(groups)


def _context_picks(
    pieces: Sequence[Segment], chosen: Sequence[int]
) -> list[tuple[float, NDArray[Any]]]:
    """Return the context of each chosen sentence, as weighted (chosen × pieces) 0/1
    matrices: the sentence before it in its paragraph (weighted by whether the
    sentence refers back), the rest of its paragraph and, in an interview answer, the
    question it replies to."""
    members: dict[int, list[int]] = {}
    questions: dict[int, list[int]] = {}
    for position, piece in enumerate(pieces):
        members.setdefault(piece.paragraph, []).append(position)
        if is_question(piece.turn):
            questions.setdefault(piece.turn, []).append(position)
    previous = np.zeros((len(chosen), len(pieces)))
    plain_previous = np.zeros((len(chosen), len(pieces)))
    paragraph = np.zeros((len(chosen), len(pieces)))
    question = np.zeros((len(chosen), len(pieces)))
    for row, position in enumerate(chosen):
        piece = pieces[position]
        for other in members[piece.paragraph]:
            if other != position:
                paragraph[row, other] = 1.0
                if other == position - 1:
                    before = previous if refers_back(piece.text) else plain_previous
                    before[row, other] = 1.0
        if speaker_of_turn(piece.turn) == INTERVIEWEE:
            question[row, questions.get(piece.turn - 1, [])] = 1.0
    picks = [
        (PREVIOUS_WEIGHT, previous),
        (PLAIN_PREVIOUS_WEIGHT, plain_previous),
        (PARAGRAPH_WEIGHT, paragraph),
    ]
    if question.any():
        picks.append((QUESTION_WEIGHT, question))
    return picks


def _encode_or_zero(texts: Sequence[str]) -> NDArray[Any]:
    """Embed texts, giving a zero row to those without content words (at least one
    must have some): a missing context must not match anything."""
    present = [index for index, text in enumerate(texts) if content_words(text)]
    encoded = Embedder.encode([texts[index] for index in present])
    matrix: NDArray[Any] = np.zeros((len(texts), encoded.shape[1]))
    matrix[present] = encoded
    return matrix
