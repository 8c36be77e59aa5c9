"""Turn a speech text into commitment candidates (see docs/pledges.md).

The pipeline: split into sentences and list items; classify each sentence on its own
(`detect.classify`), and again with "the Government" for an "It will …" that follows
"The Government will …"; add list items framed by a commitment lead-in; in interviews
keep the interviewee's commitments and the interviewer's restatements of them; then
read deadlines (with the text's financial year and five-year plans), borrowing one
from a neighbour that refers back to the commitment or from a planning period that
heads the paragraph, unless the sentence sets an undated time of its own ("by the end
of this Parliament"); finally fill in target, actor, area and type, giving a sentence
with two differently dated clauses one candidate per clause.

Bounds, so that time and memory stay linear in the text whatever it holds: a sentence
is at most `MAX_SENTENCE_CHARS` long (`sentences`: a longer run is cut at clause
boundaries), so a quote is at most `MAX_QUOTE_CHARS`; a sentence that is long (over
`LONG_SENTENCE_CHARS`) or would give more than `MAX_SHARED_QUOTES` candidates quotes
each candidate's own clause instead of repeating itself; and a text gives at most
`MAX_CANDIDATES` candidates, the most confident ones, in text order.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, overload

from commitments.extraction.actors import find_actor
from commitments.extraction.areas import area_scores_uncached, find_area
from commitments.extraction.deadlines import (
    DEFAULT_YEARS,
    fiscal_year_start,
    has_open_horizon,
    parse_deadline,
    plan_periods,
)
from commitments.extraction.detect import Detection, classify
from commitments.extraction.model import (
    SentenceModel,
    SentenceView,
    features,
    shipped_model,
)
from commitments.extraction.targets import find_targets
from speechtext.clauses import COMMITMENT_CLAUSE_BREAK as _CLAUSE_BREAK
from speechtext.clauses import OPENS_WITH_REFERENCE as _REFERS_BACK
from speechtext.clauses import clause_spans as _clause_spans
from speechtext.sentences import MAX_SENTENCE_CHARS, Segment, segment
from speechtext.turns import speaker_of as _speaker_of

KINDS = ("address", "interview", "speech", "statement", "other")

# The most candidates one text gives. A real speech gives a few hundred (the 76 KB
# seed address: 259); a 2 MB text of real speeches would give about 7,000. Past the
# cap the least confident ones are dropped (the earlier one kept on a tie).
MAX_CANDIDATES = 5000
# A quote is one sentence or a piece or clause of one.
MAX_QUOTE_CHARS = MAX_SENTENCE_CHARS
# A sentence gives each of its candidates (one per dated clause or per separable
# target) the whole sentence as quote (pledges.md) unless it is longer than this
# (the longest real sentence is 1,333 characters) or would give more candidates than
# `MAX_SHARED_QUOTES` (real sentences give at most 5); then each candidate quotes its
# own clause, so the quotes of a text add up to at most MAX_SHARED_QUOTES times its
# length.
LONG_SENTENCE_CHARS = 2000
MAX_SHARED_QUOTES = 8


@dataclass(frozen=True, slots=True)
class Candidate:
    """A proposed commitment: `text[start:end] == quote` in the source text."""

    quote: str
    start: int
    end: int
    tier: str
    deadline: date | None
    deadline_text: str | None
    target: str | None
    actor: str | None
    area: str | None
    speaker: str
    type: str
    confidence: float
    cues: tuple[str, ...]


# A lead-in ending in ":" whose items are commitments ("Our main tasks are:", "My
# Government will:"), and one whose items are not ("seven basic principles:").
_FRAME_LEAD_IN = re.compile(
    r"\b(?:tasks?|goals?|objectives?|targets?|priorit(?:y|ies)|measures|steps|"
    r"actions|will|shall|must|should|instruct\w*|plans?|propos\w*|following|"
    r"commitments?|pledges?|intend|need)\b",
    re.IGNORECASE,
)
_NOT_FRAME = re.compile(
    r"\b(?:principles?|values?|qualities|features|lessons|reasons|problems|causes|"
    r"challenges\s+(?:are|were)|results|achievements|stages)\b",
    re.IGNORECASE,
)
# A commitment that serves the one before it ("To do this, growth must be at least
# 6%") shares its horizon.
_SERVES_PREVIOUS = re.compile(
    r"^(?:to\s+(?:do|achieve|reach|implement|accomplish|fulfil|deliver)\s+(?:this|"
    r"that|these|it|the\s+(?:goal|target|task))|to\s+this\s+end|for\s+this\s+"
    r"purpose)\b",
    re.IGNORECASE,
)
# A determiner phrase pointing back across a paragraph break ("This initiative …").
_POINTS_BACK_FAR = re.compile(
    r"^(?:[^,]{0,30},\s+)?(?!this\s+(?:year|fall|autumn|spring|summer|winter|month))(?:this|these|such)\s+\w+|\babove\b",
    re.IGNORECASE,
)
# Words of a start date ("from next year"): a start is no due date to lend.
_STARTS = re.compile(
    r"(?:from|as\s+(?:from|of)|starting|beginning|since|effective|with\s+effect|"
    r"(?:come|comes|coming|came|enter|enters|entering)\s+into|(?:take|takes|taking)"
    r"\s+effect)\b",
    re.IGNORECASE,
)
# Someone else's expectation ("inflation is expected to settle at 2% next year"),
# or a reminder of what already holds: its date belongs to it, not to a commitment
# nearby.
_OUTSIDE_VIEW = re.compile(
    r"\b(?:is|are|was|were)\s+(?:\w+ly\s+)?(?:expected|projected|forecast|predicted|"
    r"estimated)\s+to\b|\baccording\s+to\b|(?<!\bI\s)(?<!\bwe\s)(?<!\bWe\s)\b"
    r"(?:expects|projects|forecasts|predicts|anticipates)\b"
    # "Let me remind you that … until 1 January": what already holds
    r"|\bremind\s+(?:you|everyone|colleagues)\b|\bas\s+a\s+reminder\b",
    re.IGNORECASE,
)
# A sentence that dates the measures just announced ("These changes will take
# effect from 1 April", "This takes immediate effect") dates each of them, back over
# the paragraphs that set them out, up to `_SECTION_REACH` commitments.
_TAKES_EFFECT = re.compile(
    r"^(th(?:is|ese|ose)|the|all\s+th(?:is|ese)|both)\b[^,;]{0,60}?\b(?:will\s+|"
    r"shall\s+|would\s+|should\s+)?(?:take|takes|come|comes)\s+(?:\w+\s+)?"
    r"(?:effect|into\s+force)\b",
    re.IGNORECASE,
)
_SECTION_REACH = 8
# A sentence that spells out the one before it ("This means pensions will rise …",
# "In other words, …") shares its time.
_GOES_ON = re.compile(
    r"^(?:(?:this|that)\s+means|in\s+other\s+words|that\s+is\s*,|moreover|"
    r"in\s+addition\s*,|additionally)\b",
    re.IGNORECASE,
)
# A span counted from delivery ("for three years") and a year on the calendar.
_SPAN_WORDS = re.compile(
    r"^(?:for|over|within|in|during)\b(?!.*\b(?:19|20|21)\d\d\b).*\b(?:years?|months?)"
    r"\b",
    re.IGNORECASE,
)
_CALENDAR_YEAR = re.compile(r"\b(?:19|20|21)\d\d\b")
# The items of an enumeration ("First, …", "Next, …", "Finally, …").
_FIRST_ITEM = re.compile(r"^(?:first(?:ly)?|to\s+begin\s+with)\s*,", re.IGNORECASE)
_ITEM = re.compile(
    r"^(?:first|second|third|fourth|fifth|sixth|next|then|finally|lastly)(?:ly)?\s*,",
    re.IGNORECASE,
)
# A planning period at the head of a paragraph.
_PERIOD_FRAME = re.compile(
    r"^(?:during|over|in|for|throughout|within)\s+the\s+(?:(?:19|20|21)\d\d\s*[-–]\s*"
    r"(?:19|20|21)\d\d\s+period|\w+[\s-]+five[\s-]year[\s-]plan(?:\s+period)?)\s*,",
    re.IGNORECASE,
)
# A sentence that opens with its time frame ("In 2024, …") sets it for the next.
_OPENS_WITH_TIME = re.compile(r"^[^,]{2,40},\s")
_DURATION = re.compile(
    r"\b(?:over|for|within)\s+(?:a|the\s+next|the\s+coming)\s+(?P<n>\w+)[\s-]year\s+"
    r"period\b|\b(?P<n2>\w+)-year\s+(?:plan|programme|program|project|period)\b",
    re.IGNORECASE,
)
_INTERVIEWER_REPORT = re.compile(
    r"\b(?:you|your)\b[^.;?]{0,80}?\b(?:set|proclaimed|announced|stated|said|"
    r"promised|pledged|instructed|proposed|declared|outlined|put\s+forward|set\s+out|"
    r"unveiled|committed|pointed\s+out|noted)\b(?P<content>.*)$",
    re.IGNORECASE,
)
_REPORTED_GOAL = re.compile(
    r"\b(?:goal|task|target|aim|objective)\s+(?:of\s+\w+ing|to\s+\w+)|\bwill\s+(?:be\s+)?"
    r"\w+",
    re.IGNORECASE,
)
_LEGISLATIVE = re.compile(
    r"\b(?:law|laws|code|(?i:bills?|legislation|legislate\w*)|legislative(?:ly)?|"
    r"amendments?|"
    r"amend\w*|decree|statute|act\s+of|[A-Z]\w+\s+Act|legally|ratif\w+|accede|"
    r"protocol|convention)\b",
)
_INSTITUTIONAL = re.compile(
    r"\b(?:creat\w*|establish\w*|set\s+up|abolish\w*|merg\w*|unite|uniting|"
    r"recreat\w*|reorganis\w*|reorganiz\w*|transfer\w*|liquidat\w*|dissolv\w*)\b"
    r"[^.;]{0,80}?\b(?:agency|committee|council|commission|ministry|institution|"
    r"fund|bank|centre|center|office|service|body|bodies|organisations|"
    r"organizations|institute|authority|holding|court|secretaries|inspectorate)\b"
    r"|\b(?:agency|committee|council|commission|ministry|institution|body)\b[^.;]"
    r"{0,60}?\b(?:is\s+being|will\s+be|should\s+be)\s+(?:created|established|"
    r"abolished|transferred|merged|set\s+up)\b",
    re.IGNORECASE,
)
_SPENDING = re.compile(
    r"\b(?:allocat\w*|subsid\w*|fund(?:s|ed|ing)?|financ\w*|payments?|grants?|"
    r"salar\w*|wages?|bonus\w*|pensions?|benefits?|invest\w*|spend\w*|budget\w*|"
    r"tenge|dollars?|euros?|pounds|\$|€|£|money|allowances?|compensation|"
    r"stipends?|quotas?|vouchers?|loans?)\b|[$€£₸]",
    re.IGNORECASE,
)
_PROCEDURAL = re.compile(
    r"\b(?:programme|program|plan|concept|rules?|strategy|project|mechanism|"
    r"framework|procedure|regulations?|system|model|standards?|policy|roadmap|"
    r"measures|package)\b",
    re.IGNORECASE,
)


def _type_of(sentence: str, target: str | None) -> str:
    if _LEGISLATIVE.search(sentence):
        return "legislative"
    if _INSTITUTIONAL.search(sentence):
        return "institutional"
    if _SPENDING.search(sentence):
        return "spending"
    if target:
        return "outcome"
    if _PROCEDURAL.search(sentence):
        return "procedural"
    return "other"


def _interviewer_restatement(sentence: str) -> Detection | None:
    """Detect an interviewer quoting the interviewee's own pledge back to them."""
    if sentence.rstrip().endswith("?"):
        return None
    report = _INTERVIEWER_REPORT.search(sentence)
    if not report:
        return None
    content = report.group("content")
    inner = classify(content.strip(" ,:") or sentence)
    if inner is None and not _REPORTED_GOAL.search(content):
        return None
    if inner is None:
        inner = classify(sentence)
    if inner is None and not re.search(r"\d", content):
        return None
    return Detection(("restatement",), True, True)


def _lead_ins(segments: list[Segment]) -> Iterator[tuple[int, int]]:
    """Yield (item, lead-in) for each list item whose lead-in ends in ":".

    The lead-in is the last sentence before the run of items the item belongs to.
    """
    lead: int | None = None
    for i, seg in enumerate(segments):
        if not seg.is_item:
            lead = i if seg.text.rstrip().endswith(":") else None
        elif lead is not None:
            yield i, lead


def _frames_commitments(lead_in: str) -> bool:
    return bool(_FRAME_LEAD_IN.search(lead_in)) and not _NOT_FRAME.search(lead_in)


def _horizon(
    sentence: str,
    delivered_on: date,
    plans: dict[int, int],
    years: tuple[int, int] = DEFAULT_YEARS,
) -> tuple[date, str] | None:
    """Read a duration that frames a list ("over a five-year period") as a deadline."""
    found = parse_deadline(sentence, delivered_on, plans=plans, years=years)
    if found:
        return found
    match = _DURATION.search(sentence)
    if not match:
        return None
    words = (match.group("n") or match.group("n2") or "").lower()
    numbers = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
               "seven": 7, "eight": 8, "nine": 9, "ten": 10}  # fmt: skip
    # isdecimal, not isdigit: int() refuses digits such as "²".
    if words.isdecimal():
        span = int(words) if len(words) <= 4 else None
    else:
        span = numbers.get(words)
    if not span:
        return None
    year = delivered_on.year + span
    if not years[0] <= year <= years[1] or not 1 <= year <= 9999:
        return None  # a "999-year period": out of the accepted years
    try:
        end = delivered_on.replace(year=year)
    except ValueError:  # 29 February
        end = delivered_on.replace(year=year, day=28)
    return end, match.group(0)


def _paragraph_text(segments: list[Segment], index: int) -> str:
    """Return the text of the paragraph of `segments[index]`, its sentences joined.

    A paragraph's segments are contiguous; only the paragraphs of candidates are
    joined, each once (see `extract`), so the work stays linear in the text.
    """
    paragraph = segments[index].paragraph
    first = last = index
    while first > 0 and segments[first - 1].paragraph == paragraph:
        first -= 1
    while last + 1 < len(segments) and segments[last + 1].paragraph == paragraph:
        last += 1
    return " ".join(seg.text for seg in segments[first : last + 1])


# A run of spaces is tried from its first space only (the lookbehind; a later start
# cannot match where the first did not), else each start scans the run again.
_TARGET_BREAK = re.compile(r"(?:,|(?<!\s))\s++(?:and|as\s+well\s+as)\s+|;\s*|,\s+")


def _split_targets(
    sentence: str, targets: list[str]
) -> list[tuple[list[str], tuple[int, int]]]:
    """Group targets by clause; separable ones become separate candidates.

    Returns each group with the span of its clause in `sentence` (the whole sentence
    when the targets do not separate).
    """
    whole = [(targets, (0, len(sentence)))]
    if len(targets) < 2:
        return whole
    groups: list[tuple[list[str], tuple[int, int]]] = []
    for begin, end in _clause_spans(sentence, _TARGET_BREAK):
        clause = sentence[begin:end]
        inside = [t for t in targets if t in clause]
        if inside:
            groups.append((inside, (begin, end)))
    flat = [t for group, _ in groups for t in group]
    if len(groups) < 2 or len(flat) != len(set(flat)):
        return whole
    # Currency conversions in brackets belong to the amount before them.
    return groups


@dataclass(slots=True)
class _Reading:
    """A text read sentence by sentence, before the decision."""

    segments: list[Segment]
    speakers: list[str | None]
    detections: list[Detection | None]  # the rules' cues
    deadlines: list[tuple[date, str] | None]  # each sentence's own
    item_deadlines: dict[int, tuple[date, str]]  # a list item's lead-in horizon
    open_horizons: set[int]
    fiscal: tuple[int, int] | None
    plans: dict[int, int]


def _read(
    text: str,
    delivered_on: date,
    kind: str,
    years: tuple[int, int],
    term_ends: date | None = None,
) -> _Reading:
    is_interview = kind == "interview"
    segments = segment(text, interview=is_interview)
    fiscal = fiscal_year_start(text)
    plans = plan_periods(text)
    deadlines = [
        parse_deadline(
            s.text,
            delivered_on,
            fiscal_start=fiscal,
            plans=plans,
            years=years,
            term_ends=term_ends,
        )
        for s in segments
    ]
    detections: list[Detection | None] = []
    speakers: list[str | None] = []
    for seg in segments:
        speaker = _speaker_of(seg, is_interview)
        speakers.append(speaker)
        if speaker is None or seg.is_heading:
            detections.append(None)
        elif speaker == "interviewer":
            detections.append(_interviewer_restatement(seg.text))
        else:
            detections.append(classify(seg.text))
    _resolve_it(segments, detections, speakers)
    # Sentences with a time of their own that gives no date borrow none.
    open_horizons = {
        i
        for i, (seg, found) in enumerate(zip(segments, deadlines, strict=True))
        if found is None and has_open_horizon(seg.text)
    }

    # List items take the frame of their lead-in, including its horizon. (Each
    # lead-in is read once, however many items it has.)
    item_deadlines: dict[int, tuple[date, str]] = {}
    frames: dict[int, tuple[bool, tuple[date, str] | None]] = {}
    for i, lead in _lead_ins(segments):
        if speakers[i] != "speaker":
            continue
        if lead not in frames:
            framing = _frames_commitments(segments[lead].text)
            horizon = None
            if framing:
                horizon = _horizon(segments[lead].text, delivered_on, plans, years)
                if horizon is None and lead > 0 and detections[lead - 1] is not None:
                    horizon = _horizon(
                        segments[lead - 1].text, delivered_on, plans, years
                    )
            frames[lead] = (framing, horizon)
        framing, horizon = frames[lead]
        if not framing:
            continue
        if detections[i] is None:
            detections[i] = Detection(("list item",), False, True)
        if horizon and deadlines[i] is None and i not in open_horizons:
            item_deadlines[i] = horizon
    return _Reading(
        segments,
        speakers,
        detections,
        deadlines,
        item_deadlines,
        open_horizons,
        fiscal,
        plans,
    )


class _Views(Sequence[SentenceView]):
    """The model's view of each sentence, built on demand.

    `features` reads a sentence and its two neighbours, and the extractor walks the
    text in order, so the last few views are kept and no more: a text of a million
    one-character lines never holds a million views.
    """

    def __init__(self, reading: _Reading) -> None:
        self._reading = reading
        self._recent: dict[int, SentenceView] = {}

    def __len__(self) -> int:
        return len(self._reading.segments)

    @overload
    def __getitem__(self, index: int) -> SentenceView: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[SentenceView]: ...
    def __getitem__(self, index: int | slice) -> SentenceView | Sequence[SentenceView]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        view = self._recent.get(index)
        if view is None:
            if len(self._recent) >= 4:
                self._recent.clear()
            view = self._recent[index] = self._view(index)
        return view

    def _view(self, i: int) -> SentenceView:
        reading = self._reading
        seg = reading.segments[i]
        detection = reading.detections[i]
        return SentenceView(
            text=seg.text,
            cues=detection.cues if detection else (),
            is_strong=bool(detection and detection.is_strong),
            is_concrete=bool(detection and detection.is_concrete),
            is_item=seg.is_item,
            is_heading=seg.is_heading,
            speaker=reading.speakers[i],
            has_deadline=reading.deadlines[i] is not None
            or i in reading.item_deadlines,
            has_target=bool(find_targets(seg.text)),
            starts_paragraph=i == 0
            or seg.paragraph != reading.segments[i - 1].paragraph,
        )


def sentence_features(
    text: str,
    *,
    delivered_on: date,
    kind: str = "address",
    years: tuple[int, int] = DEFAULT_YEARS,
) -> list[tuple[Segment, list[str] | None]]:
    """Return each sentence with the model's features, None where never proposed.

    Headings and an interview's preamble are never proposed. For training and
    measuring the model (`bench/train.py`).
    """
    reading = _read(text, delivered_on, kind, years)
    views = _Views(reading)
    return [
        (seg, None if _never_proposed(views[i]) else features(views, i, kind))
        for i, seg in enumerate(reading.segments)
    ]


def _never_proposed(view: SentenceView) -> bool:
    return view.speaker is None or view.is_heading


def extract(
    text: str,
    *,
    delivered_on: date,
    kind: str = "address",
    years: tuple[int, int] = DEFAULT_YEARS,
    model: SentenceModel | None = None,
    term_ends: date | None = None,
) -> list[Candidate]:
    """Propose the commitments made in `text`, in order of appearance.

    `delivered_on` anchors relative deadlines ("by the end of next year"); a deadline
    outside `years` (the first and last accepted year, inclusive: pass
    settings.UADE_MIN_YEAR and UADE_MAX_YEAR) is no deadline; `term_ends`, the last
    day of the speaker's term when known, dates "by the end of my term" (without it,
    no deadline). For `kind="interview"`, turns open with a dash and alternate,
    interviewer first. `model` decides which sentences are commitments (default: the
    shipped one). At most `MAX_CANDIDATES`
    candidates, each quote at most `MAX_QUOTE_CHARS` long; never raises on any text.
    """
    model = model or shipped_model()
    reading = _read(text, delivered_on, kind, years, term_ends)
    segments, speakers = reading.segments, reading.speakers
    deadlines, item_deadlines = reading.deadlines, reading.item_deadlines
    fiscal, plans = reading.fiscal, reading.plans
    # The decision is the model's: the rules' cues are among what it weighs.
    views = _Views(reading)
    detections: list[Detection | None] = []
    confidences: list[float] = []
    for i, view in enumerate(views):
        names = None if _never_proposed(view) else features(views, i, kind)
        probability = model.commitment.probability(names) if names else 0.0
        confidences.append(probability)
        if names is None or probability < model.commitment.threshold:
            detections.append(None)
            continue
        ruled = reading.detections[i]
        is_core = model.core.probability(names) >= model.core.threshold
        detections.append(
            Detection(
                ruled.cues if ruled else ("model",),
                bool(ruled and ruled.is_strong),
                is_core,
            )
        )
    open_horizons = {
        i
        for i in reading.open_horizons
        if detections[i] is not None or segments[i].is_item
    }

    resolved: list[tuple[date, str] | None] = list(deadlines)
    for i, found in item_deadlines.items():
        resolved[i] = found
    _borrow_deadlines(segments, detections, resolved, open_horizons)

    context_scores: dict[int, dict[str, int]] = {}  # by paragraph
    kept: list[tuple[float, int, Candidate]] = []  # a heap: the least confident first
    order = 0
    for i, seg in enumerate(segments):
        detection = detections[i]
        speaker = speakers[i]
        if detection is None or speaker is None:
            continue
        if seg.paragraph not in context_scores:
            context_scores[seg.paragraph] = area_scores_uncached(
                _paragraph_text(segments, i)
            )
        deadline = resolved[i]
        targets = find_targets(seg.text)
        base = _candidate(
            seg,
            detection,
            deadline,
            targets,
            speaker,
            context_scores[seg.paragraph],
            confidences[i],
        )
        clauses = (
            _dated_clauses(seg.text, delivered_on, fiscal, plans, years, term_ends)
            if deadlines[i] is not None
            else []
        )
        # The candidates the sentence splits into: (clause span, changes to `base`,
        # the clause's own targets).
        parts: list[tuple[tuple[int, int], dict[str, Any], str | None]] = []
        if clauses:
            for found, span in clauses:
                clause = seg.text[span[0] : span[1]]
                inside = "; ".join(t for t in targets if t in clause) or None
                changes = {"deadline": found[0], "deadline_text": found[1]}
                parts.append(
                    (span, {**changes, "target": inside or base.target}, inside)
                )
        else:
            groups = _split_targets(seg.text, targets)
            if len(groups) > 1:
                for group, span in groups:
                    joined = "; ".join(group)
                    parts.append((span, {"target": joined}, joined))
        shared = (
            len(parts) <= MAX_SHARED_QUOTES and len(seg.text) <= LONG_SENTENCE_CHARS
        )
        for candidate in _split_candidate(seg, base, parts, shared=shared):
            order += 1
            item = (candidate.confidence, -order, candidate)
            if len(kept) < MAX_CANDIDATES:
                heapq.heappush(kept, item)
            else:
                heapq.heappushpop(kept, item)
    kept.sort(key=lambda item: -item[1])
    return [candidate for _, _, candidate in kept]


def _split_candidate(
    seg: Segment,
    base: Candidate,
    parts: list[tuple[tuple[int, int], dict[str, Any], str | None]],
    *,
    shared: bool,
) -> Iterator[Candidate]:
    """Yield the candidates of one sentence: `base`, or one per dated clause or target.

    With `shared`, each quotes the whole sentence (pledges.md); otherwise each quotes
    its own clause and names only the targets inside it.
    """
    if not parts:
        yield _clipped(base)
        return
    for (begin, end), changes, own_target in parts:
        if shared:
            yield _clipped(replace(base, **changes))
            continue
        clause = seg.text[begin:end]
        stripped = clause.strip()
        if not stripped:
            continue
        begin += len(clause) - len(clause.lstrip())
        yield _clipped(
            replace(
                base,
                **{**changes, "target": own_target},
                quote=stripped,
                start=seg.start + begin,
                end=seg.start + begin + len(stripped),
            )
        )


def _clipped(candidate: Candidate) -> Candidate:
    """Hold a quote to `MAX_QUOTE_CHARS` (segments already are; this is the guard)."""
    if len(candidate.quote) <= MAX_QUOTE_CHARS:
        return candidate
    quote = candidate.quote[:MAX_QUOTE_CHARS]
    return replace(candidate, quote=quote, end=candidate.start + len(quote))


def _dated_clauses(
    sentence: str,
    delivered_on: date,
    fiscal: tuple[int, int] | None,
    plans: dict[int, int],
    years: tuple[int, int] = DEFAULT_YEARS,
    term_ends: date | None = None,
) -> list[tuple[tuple[date, str], tuple[int, int]]]:
    """Split a sentence into clauses that each have their own, different due date.

    Returns each clause's deadline and (start, end) in `sentence`; [] unless at least
    two clauses carry different due dates (a start, "from 2025", is no due date).
    pledges.md: "When one sentence holds two separable commitments with different
    deadlines or targets, each is its own commitment with the same quote."
    """
    if not _CLAUSE_BREAK.search(sentence):
        return []
    dated: list[tuple[tuple[date, str], tuple[int, int]]] = []
    for begin, end in _clause_spans(sentence, _CLAUSE_BREAK):
        found = parse_deadline(
            sentence[begin:end],
            delivered_on,
            fiscal_start=fiscal,
            plans=plans,
            years=years,
            term_ends=term_ends,
        )
        if found is None:
            continue
        if _STARTS.match(found[1]):
            return []
        dated.append((found, (begin, end)))
    if len(dated) < 2 or len({found[0] for found, _ in dated}) < 2:
        return []
    return dated


# "It will …" right after "The Government will …" (the Throne-speech style) speaks of
# the Government.
_GOVERNMENT_SUBJECT = re.compile(
    r"^(?:[^,]{0,60},\s+)?(?:(?:my|the|this|our)\s+government|government)\b",
    re.IGNORECASE,
)
_IT_SUBJECT = re.compile(r"^It(?=\s+(?:\w+ly\s+|also\s+)*(?:will|shall|is|has)\b)")


def _resolve_it(
    segments: list[Segment],
    detections: list[Detection | None],
    speakers: list[str | None],
) -> None:
    """Classify "It will …" again as "The Government will …" where it means that."""
    is_government = False
    previous_paragraph = -1
    for i, seg in enumerate(segments):
        if seg.paragraph != previous_paragraph:
            is_government = False
        previous_paragraph = seg.paragraph
        if _GOVERNMENT_SUBJECT.match(seg.text):
            is_government = True
            continue
        if not _IT_SUBJECT.match(seg.text):
            is_government = False
            continue
        if is_government and detections[i] is None and speakers[i] == "speaker":
            detections[i] = classify(_IT_SUBJECT.sub("The Government", seg.text, 1))


def _borrow_deadlines(
    segments: list[Segment],
    detections: list[Detection | None],
    resolved: list[tuple[date, str] | None],
    open_horizons: set[int],
) -> None:
    """Give a commitment without a deadline the one of a neighbour it belongs with.

    - A following sentence that opens by pointing back ("This must be done by 2025",
      "The relevant legislation … by the end of the year") lends its deadline to the
      commitments just before it (up to two in the same paragraph; across a paragraph
      break only "This initiative …" or "the above …" reach back, one sentence). One
      that dates what was just announced ("These changes will take effect from 1
      April", "This takes immediate effect") dates up to `_SECTION_REACH` of them,
      "These …" back over the paragraphs that set them out, "This …" in its own.
    - A following sentence that is no commitment itself but dates the matter ("I
      expect results by the end of the year") lends it to the commitment before it,
      over at most one undated sentence.
    - A preceding sentence that is no commitment but dates the matter ("The terms
      end next year."), or a commitment that opens with its time frame ("In 2024,
      …"), lends it to the commitment that follows in the same paragraph; so does a
      commitment to the one that serves it ("To do this, …"). A time frame that is a
      start ("From January, …") frames only a next sentence that goes on about the
      same matter ("… benefits. These benefits …").
    - A dated commitment followed by an enumeration ("From 2025, I will make two
      changes. First, … Second, …") lends its date to the enumerated items.
    - A commitment that opens with a planning period ("During the 2026-2030 period,
      …") lends it to the undated commitments after it in its paragraph, up to one
      with a different date of its own.

    A start ("from 2025") is the date of a scheduled measure (pledges.md) and is lent
    like a due date, except back from a sentence that is no commitment ("From next
    year I expect results"); a forecast's date is the forecast's; and a commitment
    with an undated time of its own ("by the end of this Parliament", in
    `open_horizons`) borrows nothing.
    """
    own = list(resolved)
    for i, seg in enumerate(segments):
        found = own[i]
        if found is None or i == 0:
            continue
        refers_back = bool(_REFERS_BACK.search(seg.text)) or _shares_head(
            segments[i - 1].text, seg.text
        )
        if refers_back and (effect := _TAKES_EFFECT.match(seg.text)):
            # "These changes …" dates the measures over several paragraphs; "This
            # …" those of its own paragraph.
            _lend_back(
                segments, detections, own, resolved, open_horizons, i, found,
                _SECTION_REACH, skip=_SECTION_REACH,
                across=effect.group(1).lower() != "this",
            )  # fmt: skip
        elif refers_back:
            _lend_back(segments, detections, own, resolved, open_horizons, i, found, 2)
        elif (
            detections[i] is None
            and not _STARTS.match(found[1])
            and not _OUTSIDE_VIEW.search(seg.text)
        ):
            _lend_back(
                segments, detections, own, resolved, open_horizons, i, found, 1, skip=1
            )
    for i in range(1, len(segments)):
        seg, prev, before = segments[i], segments[i - 1], own[i - 1]
        if (
            resolved[i] is not None
            or i in open_horizons
            or detections[i] is None
            or before is None
            or prev.paragraph != seg.paragraph
        ):
            continue
        frames = (
            detections[i - 1] is None and not _OUTSIDE_VIEW.search(prev.text)
        ) or bool(
            _OPENS_WITH_TIME.match(prev.text)
            and prev.text.lower().startswith(_frame_words(before))
            # "Starting next year, fees are abolished." starts that measure only,
            # and the next sentence's when it goes on about it ("these benefits")
            and (not _STARTS.match(before[1]) or _same_matter(prev.text, seg.text))
        )
        if frames or (
            detections[i - 1] is not None
            and (_SERVES_PREVIOUS.match(seg.text) or _GOES_ON.match(seg.text))
        ):
            resolved[i] = before
    _lend_to_enumeration(segments, detections, own, resolved, open_horizons)
    _spell_out_spans(segments, detections, own, resolved)
    # A paragraph that opens with a planning period ("During the 2026-2030 period,
    # growth will reach …") sets the horizon of the targets that follow in it. A frame
    # inside the reach of an earlier one has the same date (a different date ends the
    # reach) and would date nothing new, so it is skipped: each segment is visited
    # once.
    reach = 0
    for i, seg in enumerate(segments):
        period = own[i]
        if (
            i < reach
            or period is None
            or detections[i] is None
            or not _PERIOD_FRAME.match(seg.text)
        ):
            continue
        k = i + 1
        while k < len(segments):
            if segments[k].paragraph != seg.paragraph:
                break
            date_of_its_own = own[k]
            if date_of_its_own is not None and date_of_its_own[0] != period[0]:
                break  # a target with a date of its own: the frame ends
            if (
                detections[k] is not None
                and resolved[k] is None
                and k not in open_horizons
            ):
                resolved[k] = period
            k += 1
        reach = k


def _lend_to_enumeration(
    segments: list[Segment],
    detections: list[Detection | None],
    own: list[tuple[date, str] | None],
    resolved: list[tuple[date, str] | None],
    open_horizons: set[int],
) -> None:
    """Date the measures a dated commitment enumerates ("From January, we will make
    two changes. First, … Second, …").

    The enumeration must open with "First" right after the commitment; it runs over
    the sentences that open with an ordinal and the rest of their paragraphs, and ends
    at a paragraph that does not open with one or at a sentence with a date of its
    own.
    """
    for i, found in enumerate(own):
        if found is None or detections[i] is None:
            continue
        k = i + 1
        if k >= len(segments) or not _FIRST_ITEM.match(segments[k].text):
            continue
        while k < len(segments) and own[k] is None and k not in open_horizons:
            seg = segments[k]
            if seg.is_heading:
                break
            if seg.paragraph != segments[k - 1].paragraph and not _ITEM.match(seg.text):
                break
            if (
                detections[k] is not None
                and resolved[k] is None
                and _ITEM.match(seg.text)
            ):
                resolved[k] = found
            k += 1


def _spell_out_spans(
    segments: list[Segment],
    detections: list[Detection | None],
    own: list[tuple[date, str] | None],
    resolved: list[tuple[date, str] | None],
) -> None:
    """Read a commitment's span on the calendar the next sentence spells it out in.

    "I will provide a top-up for five years. This will run from this year until
    2023.": the span ends with the calendar year named (its last year or the one
    after, as the span is counted), not five years after delivery to the day.
    """
    for i in range(len(segments) - 1):
        found, following = resolved[i], own[i + 1]
        if (
            detections[i] is None
            or found is None
            or following is None
            or segments[i + 1].paragraph != segments[i].paragraph
            or not _SPAN_WORDS.search(found[1])
            or not _CALENDAR_YEAR.search(following[1])
            or _STARTS.match(following[1])
        ):
            continue
        if following[0].year in (found[0].year - 1, found[0].year):
            resolved[i] = following


def _frame_words(found: tuple[date, str]) -> tuple[str, ...]:
    words = found[1].lower()
    return (words, "in " + words, "by " + words)


def _lend_back(
    segments: list[Segment],
    detections: list[Detection | None],
    own: list[tuple[date, str] | None],
    resolved: list[tuple[date, str] | None],
    open_horizons: set[int],
    i: int,
    found: tuple[date, str],
    limit: int,
    skip: int = 0,
    *,
    across: bool = False,
) -> None:
    """Lend `found` to up to `limit` undated commitments before segment `i`.

    Passes over at most `skip` sentences that are no commitments; stops at a dated
    one, an open horizon or a heading, and at a paragraph break unless `across`.
    """
    seg = segments[i]
    j, given, skipped = i - 1, 0, 0
    while j >= 0 and given < limit:
        prev = segments[j]
        if prev.is_heading:
            return
        if (
            prev.paragraph != seg.paragraph
            and not across
            and not (given == 0 and skipped == 0 and _POINTS_BACK_FAR.search(seg.text))
        ):
            return
        if own[j] is not None or j in open_horizons:
            return
        if detections[j] is None:
            if skipped >= skip:
                return
            skipped += 1
            j -= 1
            continue
        if resolved[j] is None:
            resolved[j] = found
        given += 1
        j -= 1


_CONTENT_WORD = re.compile(r"\b[a-z]{6,}\b")
# Long words that say nothing of the matter: they join any two sentences.
_NOT_CONTENT = frozenset({
    "through", "should", "before", "during", "within", "without", "between",
    "another", "because", "however", "therefore", "already", "further", "across",
    "around", "against", "towards", "toward", "always", "itself", "themselves",
    "people", "government", "country", "national", "million", "billion", "percent",
    "others", "everyone", "support", "provide", "ensure", "continue",
})  # fmt: skip


def _same_matter(previous: str, sentence: str) -> bool:
    """Tell whether two sentences share a content word (six letters or more)."""
    words = set(_CONTENT_WORD.findall(previous.lower())) - _NOT_CONTENT
    return any(word in words for word in _CONTENT_WORD.findall(sentence.lower()))


def _shares_head(previous: str, sentence: str) -> bool:
    """Tell whether `sentence` opens with "The X" where X was named just before."""
    match = re.match(r"^(?:The|This|These|Such)\s+(\w{4,})", sentence)
    if not match:
        return False
    head = match.group(1).lower().rstrip("s")
    return head in previous.lower()


def _candidate(
    seg: Segment,
    detection: Detection,
    deadline: tuple[date, str] | None,
    targets: list[str],
    speaker: str,
    context_scores: dict[str, int],
    confidence: float,
) -> Candidate:
    target = "; ".join(targets) if targets else None
    is_core = detection.is_concrete or deadline is not None or bool(targets)
    return Candidate(
        quote=seg.text,
        start=seg.start,
        end=seg.end,
        tier="core" if is_core else "soft",
        deadline=deadline[0] if deadline else None,
        deadline_text=deadline[1] if deadline else None,
        target=target,
        actor=find_actor(seg.text),
        area=find_area(seg.text, context_scores=context_scores),
        speaker=speaker,
        type=_type_of(seg.text, target),
        confidence=round(confidence, 2),
        cues=detection.cues,
    )
