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
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from commitments.extraction.actors import find_actor
from commitments.extraction.areas import find_area
from commitments.extraction.deadlines import (
    fiscal_year_start,
    has_open_horizon,
    parse_deadline,
    plan_periods,
)
from commitments.extraction.detect import Detection, classify
from commitments.extraction.sentences import Segment, segment
from commitments.extraction.targets import find_targets

KINDS = ("address", "interview", "speech", "statement", "other")


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
# A sentence that opens by pointing back at the previous one ("This must be done by
# 2025.", "The relevant legislation …", "To implement the above proposals, …").
_REFERS_BACK = re.compile(
    r"^(?:[^,]{0,30},\s+|(?:this|next|last)\s+(?:year|month)\s+)?"
    r"(?!this\s+(?:year|month|week|time|autumn|fall|spring|summer|"
    r"winter)\b)(?:this|these|it(?!\s+(?:is|was|will\s+be|has\s+been)\b)|"
    r"they|such|both|all\s+this|all\s+these|"
    r"the\s+(?:above|relevant|corresponding|said|aforementioned|respective)|to\s+"
    r"(?:implement|carry\s+out|achieve|do|fulfil)\s+(?:this|these|the\s+above)|"
    # "Let's pass it this year."
    r"let(?:'s|’s|\s+us)\s+\w+\s+(?:it|them)\b)\b",
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
_STARTS = re.compile(r"(?:from|as\s+(?:from|of)|starting|beginning|since)\b", re.I)
# Someone else's expectation ("inflation is expected to settle at 2% next year"):
# its date belongs to the forecast, not to a commitment nearby.
_OUTSIDE_VIEW = re.compile(
    r"\b(?:is|are|was|were)\s+(?:\w+ly\s+)?(?:expected|projected|forecast|predicted|"
    r"estimated)\s+to\b|\baccording\s+to\b|(?<!\bI\s)(?<!\bwe\s)(?<!\bWe\s)\b"
    r"(?:expects|projects|forecasts|predicts|anticipates)\b",
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


def _speaker_of(seg: Segment, is_interview: bool) -> str | None:
    if not is_interview:
        return "speaker"
    if seg.turn < 0:
        return None  # the reporter's preamble
    return "interviewer" if seg.turn % 2 == 0 else "speaker"


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


def _lead_in_for(segments: list[Segment], index: int) -> int | None:
    """Return the index of the lead-in sentence of the list item at `index`."""
    j = index - 1
    while j >= 0 and segments[j].is_item:
        j -= 1
    if j < 0 or not segments[j].text.rstrip().endswith(":"):
        return None
    return j


def _frames_commitments(lead_in: str) -> bool:
    return bool(_FRAME_LEAD_IN.search(lead_in)) and not _NOT_FRAME.search(lead_in)


def _horizon(
    sentence: str, delivered_on: date, plans: dict[int, int]
) -> tuple[date, str] | None:
    """Read a duration that frames a list ("over a five-year period") as a deadline."""
    found = parse_deadline(sentence, delivered_on, plans=plans)
    if found:
        return found
    match = _DURATION.search(sentence)
    if not match:
        return None
    words = (match.group("n") or match.group("n2") or "").lower()
    numbers = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
               "seven": 7, "eight": 8, "nine": 9, "ten": 10}  # fmt: skip
    years = int(words) if words.isdigit() else numbers.get(words)
    if not years:
        return None
    try:
        end = delivered_on.replace(year=delivered_on.year + years)
    except ValueError:  # 29 February
        end = delivered_on.replace(year=delivered_on.year + years, day=28)
    return end, match.group(0)


def _paragraph_texts(segments: list[Segment]) -> dict[int, str]:
    texts: dict[int, list[str]] = {}
    for seg in segments:
        texts.setdefault(seg.paragraph, []).append(seg.text)
    return {paragraph: " ".join(parts) for paragraph, parts in texts.items()}


def _split_targets(sentence: str, targets: list[str]) -> list[list[str]]:
    """Group targets by clause; separable ones become separate candidates."""
    if len(targets) < 2:
        return [targets]
    clauses = re.split(r",?\s+(?:and|as\s+well\s+as)\s+|;\s*|,\s+", sentence)
    groups: list[list[str]] = []
    for clause in clauses:
        inside = [t for t in targets if t in clause]
        if inside:
            groups.append(inside)
    flat = [t for group in groups for t in group]
    if len(groups) < 2 or len(flat) != len(set(flat)):
        return [targets]
    # Currency conversions in brackets belong to the amount before them.
    return groups


def extract(text: str, *, delivered_on: date, kind: str = "address") -> list[Candidate]:
    """Propose the commitments made in `text`, in order of appearance.

    `delivered_on` anchors relative deadlines ("by the end of next year"). For
    `kind="interview"`, turns open with a dash and alternate, interviewer first.
    """
    is_interview = kind == "interview"
    segments = segment(text, interview=is_interview)
    fiscal = fiscal_year_start(text)
    plans = plan_periods(text)
    deadlines = [
        parse_deadline(s.text, delivered_on, fiscal_start=fiscal, plans=plans)
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
        if found is None
        and (detections[i] is not None or seg.is_item)
        and has_open_horizon(seg.text)
    }

    # List items take the frame of their lead-in, including its horizon.
    item_deadlines: dict[int, tuple[date, str]] = {}
    for i, seg in enumerate(segments):
        if not seg.is_item or speakers[i] != "speaker":
            continue
        lead = _lead_in_for(segments, i)
        if lead is None or not _frames_commitments(segments[lead].text):
            continue
        if detections[i] is None:
            detections[i] = Detection(("list item",), False, True)
        horizon = _horizon(segments[lead].text, delivered_on, plans)
        if horizon is None and lead > 0 and detections[lead - 1] is not None:
            horizon = _horizon(segments[lead - 1].text, delivered_on, plans)
        if horizon and deadlines[i] is None and i not in open_horizons:
            item_deadlines[i] = horizon

    resolved: list[tuple[date, str] | None] = list(deadlines)
    for i, found in item_deadlines.items():
        resolved[i] = found
    _borrow_deadlines(segments, detections, resolved, open_horizons)

    paragraphs = _paragraph_texts(segments)
    candidates: list[Candidate] = []
    for i, seg in enumerate(segments):
        detection = detections[i]
        speaker = speakers[i]
        if detection is None or speaker is None:
            continue
        deadline = resolved[i]
        targets = find_targets(seg.text)
        context = paragraphs[seg.paragraph]
        base = _candidate(seg, detection, deadline, targets, speaker, context)
        clauses = (
            _dated_clauses(seg.text, delivered_on, fiscal, plans)
            if deadlines[i] is not None
            else []
        )
        groups = _split_targets(seg.text, targets)
        if clauses:
            for found, clause in clauses:
                inside = [t for t in targets if t in clause]
                candidates.append(
                    replace(
                        base,
                        deadline=found[0],
                        deadline_text=found[1],
                        target="; ".join(inside) if inside else base.target,
                    )
                )
        elif len(groups) > 1:
            for group in groups:
                candidates.append(replace(base, target="; ".join(group)))
        else:
            candidates.append(base)
    return candidates


# Where one sentence joins two commitments ("peak emissions by 2030 and reach
# neutrality by 2060").
_CLAUSE_BREAK = re.compile(r",?\s+(?:and|while|whereas)\s+(?=\S+\s+\S)|;\s*")


def _dated_clauses(
    sentence: str,
    delivered_on: date,
    fiscal: tuple[int, int] | None,
    plans: dict[int, int],
) -> list[tuple[tuple[date, str], str]]:
    """Split a sentence into clauses that each have their own, different due date.

    Returns [] unless at least two clauses carry different due dates (a start, "from
    2025", is no due date). pledges.md: "When one sentence holds two separable
    commitments with different deadlines or targets, each is its own commitment with
    the same quote."
    """
    if not _CLAUSE_BREAK.search(sentence):
        return []
    dated: list[tuple[tuple[date, str], str]] = []
    for clause in _CLAUSE_BREAK.split(sentence):
        found = parse_deadline(clause, delivered_on, fiscal_start=fiscal, plans=plans)
        if found is None:
            continue
        if _STARTS.match(found[1]):
            return []
        dated.append((found, clause))
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
      break only "This initiative …" or "the above …" reach back, one sentence).
    - A following sentence that is no commitment itself but dates the matter ("I
      expect results by the end of the year") lends it to the commitment before it,
      over at most one undated sentence.
    - A preceding sentence that is no commitment but dates the matter ("The terms
      end next year."), or a commitment that opens with its time frame ("In 2024,
      …"), lends it to the commitment that follows in the same paragraph; so does a
      commitment to the one that serves it ("To do this, …").
    - A commitment that opens with a planning period ("During the 2026-2030 period,
      …") lends it to the undated commitments after it in its paragraph, up to one
      with a different date of its own.

    A start ("from 2025") is no due date to lend, a forecast's date is the forecast's,
    and a commitment with an undated time of its own ("by the end of this
    Parliament", in `open_horizons`) borrows nothing.
    """
    own = list(resolved)
    for i, seg in enumerate(segments):
        found = own[i]
        if found is None or i == 0:
            continue
        refers_back = bool(_REFERS_BACK.search(seg.text)) or _shares_head(
            segments[i - 1].text, seg.text
        )
        if refers_back:
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
            or _STARTS.match(before[1])
        ):
            continue
        frames = (
            detections[i - 1] is None and not _OUTSIDE_VIEW.search(prev.text)
        ) or bool(
            _OPENS_WITH_TIME.match(prev.text)
            and prev.text.lower().startswith(_frame_words(before))
        )
        if frames or (
            detections[i - 1] is not None and _SERVES_PREVIOUS.match(seg.text)
        ):
            resolved[i] = before
    # A paragraph that opens with a planning period ("During the 2026-2030 period,
    # growth will reach …") sets the horizon of the targets that follow in it.
    for i, seg in enumerate(segments):
        period = own[i]
        if period is None or detections[i] is None or not _PERIOD_FRAME.match(seg.text):
            continue
        for k in range(i + 1, len(segments)):
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
) -> None:
    seg = segments[i]
    j, given, skipped = i - 1, 0, 0
    while j >= 0 and given < limit:
        prev = segments[j]
        if prev.paragraph != seg.paragraph and not (
            given == 0 and skipped == 0 and _POINTS_BACK_FAR.search(seg.text)
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
    context: str,
) -> Candidate:
    target = "; ".join(targets) if targets else None
    is_core = detection.is_concrete or deadline is not None or bool(targets)
    confidence = 0.5
    if detection.is_strong:
        confidence += 0.2
    if deadline is not None:
        confidence += 0.1
    if targets:
        confidence += 0.1
    if is_core:
        confidence += 0.05
    return Candidate(
        quote=seg.text,
        start=seg.start,
        end=seg.end,
        tier="core" if is_core else "soft",
        deadline=deadline[0] if deadline else None,
        deadline_text=deadline[1] if deadline else None,
        target=target,
        actor=find_actor(seg.text),
        area=find_area(seg.text, context),
        speaker=speaker,
        type=_type_of(seg.text, target),
        confidence=round(min(confidence, 0.95), 2),
        cues=detection.cues,
    )
