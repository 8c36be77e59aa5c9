"""Decide whether one sentence states a commitment, from general commitment language.

`classify(sentence)` returns a `Detection` (cues, strength, concreteness) or None. It
looks only at the sentence; context (neighbours, list lead-ins, interview turns) is
the caller's business.

Positive cues: instructions ("I instruct …"), decisions ("I have decided …"), plans
("it is planned to …", "My Government is committed to …"), tasks and goals ("the
task is to …"), obligations with a policy verb ("X should be introduced", "it is
necessary to create …"), the future with a policy verb ("the Government will develop
…", "… will be built", "will seek to reduce …"), the future of the state with a number
whatever its verb ("we will irrigate 200,000 hectares"), scheduled changes and
dated targets ("the minimum wage will rise to £12 from April", "By 2035, our country
will become …", "will cover 97 per cent of …"), outcomes put in place ("… will be
available to every pupil", "every hospital will have …"), a body asked to act
("Parliament will be asked to approve …"), proposals and stated support ("I propose
…", "I consider it necessary …"). Each construction is a named cue in
`Detection.cues` (a model weighs them): decisions taken and declarations ("we decided
to join …", "2027 is declared the Year of …"), arrangements ("the Government is to
…"), entry into force, the state at work on a deliverable ("we are introducing …"),
requests to the legislature, restated promises, a measure's reach, cost or payment
("will benefit 40,000 families"), the state's own estimates, money set aside, levels
to hold and scheduled absences of change ("will remain at 50%").

Exclusions: questions, hypotheticals, forecasts by third parties ("the IMF projects
that …"), hopes; and, for the weaker cues (modal verbs, "will"), a cue inside a
relative clause ("…, which should …", "the work we must do"), consequences,
evaluations and speech acts ("this will lead to …", "I will now turn to …"),
descriptions ("X must be independent"), exhortations and values ("we must not forget
…", "we must uphold …", "let us build a nation that …"), prophecies ("will surely be
realised"), closing formulas ("Other measures will be laid before you") and subjects
that are not the state ("citizens should …", "hostile forces will …"). Always:
forecasts the state does not own ("growth is expected to …"), appeals to other states
or the world ("we call on all nations to …"), headings and slogans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from commitments.extraction.lexicon import (
    ACTION_VERBS,
    COPULAR_ADJECTIVES,
    DELIVERABLE_WORDS,
    DELIVERABLES,
    SOFT_VERBS,
    verb_forms,
)

ACTION_FORMS = verb_forms(ACTION_VERBS)
POLICY_FORMS = ACTION_FORMS | verb_forms(SOFT_VERBS)

_I = re.IGNORECASE
# Adverbs and particles that may stand between a modal and its verb. "\w+ly" covers
# "only", "finally", "gradually", "jointly": listing them again let a run of them
# ("will only only only …") be read in 2^n ways, an exponential backtrack.
_ADV = (
    r"(?:(?:\w+ly|also|therefore|thus|then|now|further|still|soon|again|first|"
    r"once\s+again|not|never|no\s+longer|all|both|either|at\s+least|in\s+addition|"
    r"together|already|even)\s+)*"
)
# The verb slot: a word, and a particle for phrasal verbs ("draw up", "carry out").
_VERB = (
    r"(?P<verb>[a-z]+(?:-[a-z]+)?)(?:\s+(?P<particle>up|out|off|in|forward|through|"
    r"for|aside|over|back|down))?\b"
)
# A verb of striving between the modal and the policy verb ("will seek to reduce",
# "must continue to support", "will take steps to cut").
_STRIVE = (
    r"(?:seek|aim|strive|work|endeavou?r|try|act|move|continue|begin|start|bid|"
    r"push|campaign|press|prepare|plan|intend|"
    r"take\s+(?:steps|action|measures)|make\s+(?:every\s+)?efforts?|do\s+"
    r"(?:everything|all)\s+(?:possible|(?:in\s+its\s+power|we\s+can)))\s+to\s+"
)
# The state as the subject of a sentence, after an optional opening phrase.
_STATE_SUBJECT = (
    r"(?:[^,]{0,80},\s+)?(?:and\s+|so\s+|then\s+)?(?:we|I|(?:my|the|this|our)\s+"
    r"(?:government|administration|ministers|party|state)|government|ministers|"
    r"the\s+state|it)"
)

# The state, or a named body, at work: "we are …", "The Ministry (MOH) is now …".
_AT_WORK = (
    r"^(?:[^,]{0,60},\s+)?(?:we|(?:the|my|our)\s+(?:government|administration|"
    r"ministry|state|cabinet)|(?!(?:they|he|she|it|you|this|these|those|there)\b)"
    r"(?-i:[A-Z][\w&@.-]*)(?:\s+(?:(?-i:[A-Z][\w&@.-]*)|of|and|for|the))*)\s+"
    r"(?:\([^)]{1,30}\)\s+)?(?:is|are)\s+(?:now\s+|currently\s+|already\s+|also\s+|"
    r"actively\s+|still\s+|jointly\s+)*"
)


@dataclass(frozen=True, slots=True)
class Detection:
    """Why a sentence was proposed: the cues found and how concrete it is."""

    cues: tuple[str, ...]
    is_strong: bool
    is_concrete: bool


@dataclass(frozen=True, slots=True)
class _Cue:
    name: str
    pattern: re.Pattern[str]
    verbs: frozenset[str] | None  # forms the captured verb must be one of
    is_strong: bool
    is_modal: bool  # subject to the exclusions for weak cues
    needs: frozenset[str]  # the pattern cannot match without one of these words
    is_concrete_only: bool  # counts only with a deliverable or a number in the sentence


def _cue(
    name: str,
    pattern: str,
    verbs: frozenset[str] | None = None,
    *,
    needs: str,
    strong: bool = True,
    modal: bool = False,
    concrete_only: bool = False,
) -> _Cue:
    return _Cue(
        name,
        re.compile(pattern, _I),
        verbs,
        strong,
        modal,
        frozenset(needs.split()),
        concrete_only,
    )


_FUTURE = "will shall going"
# Participles after "will be" that report no act of the state.
_NOT_ACTS = (
    r"(?:remembered|judged|seen|known|affected|pleased|delighted|surprised|"
    r"disappointed|tempted|inspired|welcomed|born|gone|concerned|worried|interested|"
    r"tested|faced|confronted|challenged|forced|threatened|hit|hurt|left|lost|needed|"
    r"called|based|rooted|blessed|honou?red|told|shown|proven|proved|vindicated|"
    r"united|committed|determined|convinced|prepared|recorded|written|expected|"
    r"respected|observed|aimed|oriented|focused|"
    r"killed|injured|damaged|destroyed|exposed|caught|missed|forgotten|watched|"
    r"heard|noticed|felt|found|followed|asked|invited|blamed|punished\s+by|"
    r"driven|led|guided|governed|shaped|defined|influenced|ruled|"
    r"accompanied|marked|celebrated|devoted|filled\s+with|held\s+(?:in|on|at)\s+"
    r"(?:high|the\s+(?:highest|greatest)))\b"
)
_STRIVING = (
    "seek aim strive work endeavour endeavor try act move continue begin start take "
    "make do bid push campaign press prepare plan intend"
)
_MODALS = "should must ought need needs has have is are obliged will shall required"
_NECESSITIES = (
    "necessary essential important imperative vital crucial critical expedient "
    "advisable desirable urgent duty time required priority possible appropriate"
)


_MODAL = (
    r"(?:should|must|ought\s+to|needs?\s+to|has\s+to|have\s+to|"
    r"(?:is|are)\s+obliged\s+to|will\s+(?:have|need)\s+to|shall|is\s+required\s+to|"
    r"are\s+required\s+to)"
)
_WILL = r"(?:will|shall|is\s+going\s+to|are\s+going\s+to|'ll)"
_NECESSARY = (
    r"(?:necessary|essential|important|imperative|vital|crucial|critical|expedient|"
    r"advisable|desirable|urgent|required|our\s+duty|high\s+time|time|a\s+priority|"
    r"possible|appropriate)"
)

_CUES: tuple[_Cue, ...] = (
    _cue(
        "instruction",
        r"\bI\s+(?:hereby\s+|also\s+|therefore\s+|now\s+|again\s+)*(?:am\s+|have\s+)?"
        r"(?:instruct(?:ing|ed)?|order(?:ing|ed)?|direct(?:ing|ed)?|charg(?:e|ed|ing)|"
        r"task(?:ing|ed)?|mandat(?:e|ed|ing))\b(?!\s+(?:myself|you\s+to\s+(?:remember|"
        r"think)))",
        needs=(
            "instruct instructing instructed order ordering ordered direct directing "
            "directed charge charging charged task tasking tasked mandate mandating "
            "mandated"
        ),
    ),
    _cue(
        "instruction",
        r"\b(?:was|were|has\s+been|have\s+been|is|are)\s+(?:\w+ly\s+)?"
        r"(?:instructed|tasked|charged|mandated)\s+to\b|\bon\s+my\s+instructions?,\s+"
        r"(?:the\s+)?\w+(?:\s+\w+)?\s+(?:is|will)\b",
        needs="instructed tasked charged mandated instruction instructions",
    ),
    _cue(
        "request",
        r"\bI\s+(?:also\s+|therefore\s+|now\s+)?(?:would\s+(?:also\s+)?like\s+to\s+|"
        r"want\s+to\s+|am\s+)?(?:ask(?:ing)?|call(?:ing)?"
        r"\s+(?:on|upon)|urg(?:e|ing)|request(?:ing)?|invit(?:e|ing)|demand(?:ing)?|"
        r"recommend(?:ing)?|suggest(?:ing)?)\b[^.;]{0,120}?\bto\s+(?:\w+\s+and\s+)?"
        + _ADV
        + _VERB,
        ACTION_FORMS,
        needs=(
            "ask asking call calling urge urging request requesting invite inviting "
            "demand demanding recommend recommending suggest suggesting"
        ),
    ),
    # A wish addressed to a body ("I would like the heads of regions to ensure …",
    # "I would like work on this law to be completed …").
    _cue(
        "request",
        r"\bI\s+(?:would|should)\s+(?:also\s+)?like\s+(?!to\b|you\s+to\s+(?:know|note|"
        r"remember|think|understand)\b)(?:[\w,’'-]+\s+){1,8}?to\s+(?:be\s+)?"
        + _ADV
        + _VERB,
        POLICY_FORMS,
        needs="like",
    ),
    _cue(
        "announcement",
        r"\bI\s+am\s+(?:\w+ly\s+)?(?:sending|submitting|proposing|introducing|"
        r"announcing|launching|signing|tabling|presenting|establishing|creating|"
        r"setting\s+up|allocating)\b",
        needs="sending submitting proposing introducing announcing launching signing "
        "tabling presenting establishing creating setting allocating",
    ),
    _cue(
        "decision",
        r"\b(?:I|we)\s+(?:have|has)\s+(?:(?!not\b)\w+\s+)?(?:decided|made\s+(?:a|the)\s+"
        r"decision)\b|\b(?:it|a\s+decision)\s+(?:has|have)\s+(?:\w+\s+)?been\s+"
        r"(?:decided|made)\s+to\b|\bit\s+is\s+decided\b|\bI\s+(?:hereby\s+)?decide\b",
        needs="decided decide decision",
    ),
    _cue(
        "proposal",
        r"\bI\s+(?:also\s+|therefore\s+|hereby\s+)?(?:propose|am\s+proposing|"
        r"proposed\s+(?:to|that))\b|\bit\s+is\s+(?:\w+ly\s+)?proposed\s+to\b|"
        r"\b(?:we|my\s+government)\s+(?:will\s+)?propose\s+to\b|\bI\s+(?:would\s+)?"
        r"(?:also\s+|therefore\s+|further\s+)?(?:suggest|propose)\s+(?:that\b|we\b|"
        r"[a-z]+ing\b)|\b(?:we|I)\s+(?:\w+ly\s+|also\s+|thus\s+)*propose\s+(?:the|a|an)\s+"
        r"(?:\w+\s+){0,3}?(?:establishment|creation|introduction|adoption|launch|"
        r"holding|setting\s+up)\b|^(?-i:[A-Z][a-z]+)\s+(?:\w+ly\s+|also\s+)*proposes\s+to\b",
        needs="propose proposing proposed suggest proposes",
    ),
    _cue(
        "stance",
        r"\bI\s+(?:also\s+|therefore\s+|still\s+)?(?:consider|believe|think|deem|"
        r"find|see)\s+(?:that\s+)?(?:it\s+)?(?:is\s+)?(?:\w+ly\s+)?(?:necessary|"
        r"possible|expedient|advisable|appropriate|important|right|essential|"
        r"desirable|reasonable|timely|vital|crucial|imperative)\s+(?:for\s+\w+\s+)?"
        r"to\b",
        needs="consider believe think deem find see",
    ),
    _cue(
        "support",
        r"\bI\s+(?:fully\s+|strongly\s+|firmly\s+)?support\s+(?!you|them|him|her)"
        r"|\bI\s+am\s+(?:ready|prepared|willing)\s+to\s+support\b|\bI\s+am\s+in\s+"
        r"favou?r\s+of\b",
        needs="support favour favor",
    ),
    _cue(
        "task",
        # Possessive "++", "*+": a run of spaces after "set" is not split between the
        # quantifiers in every way (quadratic in its length).
        r"\b(?:set|sets|setting|put\s+forward)\s++(?:ourselves\s++|itself\s++)?(?:the|"
        r"a|an|new)?\s*+(?:\w+\s++)?(?:task|goal|target|objective|aim)s?\s+(?:of|to|"
        r"for)\b|\b(?:task|goal|target|objective|aim)s?\s+of\s++[^.;]{3,120}?\s++"
        r"(?:has|have)\s+been\s+set\b",
        needs="task tasks goal goals target targets objective objectives aim aims",
    ),
    _cue(
        "task",
        r"\b(?:task|tasks|goal|goals|objective|objectives|aim|target|mission|"
        r"result|outcome)\b[^.;]{0,60}?\b(?:is|are|will\s+be|should\s+be|must\s+be|"
        r"remains)\s+(?:to\s+" + _ADV + _VERB + r"|an?\s+(?:increase|reduction|"
        r"growth|rise|decrease|doubling|cut)\b)",
        POLICY_FORMS,
        strong=False,
        modal=True,
        needs=(
            "task tasks goal goals objective objectives aim target mission result "
            "outcome"
        ),
    ),
    _cue(
        "plan",
        r"\b(?:it\s+is|we\s+are|the\s+government\s+is|is|are)\s+(?:\w+ly\s+)?"
        r"(?:planned|planning|intending|scheduled|expected|(?<=we\sare\s)likely)\s+to\s+"
        + _ADV
        + _VERB,
        POLICY_FORMS,
        needs="planned planning intending scheduled likely expected",
    ),
    _cue(
        "plan",
        r"\b(?:we|I|(?:the|my|this|our)\s+(?:government|administration)|government|"
        r"the\s+state)\s+(?:\w+ly\s+|also\s+)*(?:plan|intend|aim|undertake|pledge|"
        r"promise|commit)s?\s+to\b|\bour\s+(?:plan|intention|aim|goal|pledge)"
        r"\s+is\s+to\b|\bwe\s+are\s+going\s+to\b|\bwill\s+be\s+(?:the\s+)?(?:holding|"
        r"launch|opening|adoption|creation|introduction|construction|signing|start)\s+"
        r"of\b|\bthere\s+will\s+be\s+(?:a|an)\s+(?:\w+\s+){0,2}(?:meeting|session|"
        r"summit|congress|conference|review|referendum|census|reform|audit|inquiry|"
        r"programme|program)\b|\b(?:event|events)\s+(?:\w+\s+){0,3}will\s+"
        r"be\s+(?:the\s+)?\W?[A-Z]",
        needs=(
            "plan plans intend intends aim aims undertake pledge pledges promise "
            "commit commits intention going will"
        ),
    ),
    _cue(
        "future",
        r"\b"
        + _WILL
        + r"\s+"
        + _ADV
        + r"(?:be|have\s+been|have(?!\s+to\b))\s+"
        + _ADV
        + _VERB,
        POLICY_FORMS,
        modal=True,
        needs=_FUTURE,
    ),
    _cue(
        "future",
        r"\b" + _WILL + r"\s+" + _ADV + r"(?!be\b)" + _VERB,
        POLICY_FORMS,
        modal=True,
        needs=_FUTURE,
    ),
    _cue(
        "future",
        r"\bwill\s+" + _ADV + r"continue\s*(?:[.;,]|$|until|in\b|from|to\s)",
        modal=True,
        needs=_FUTURE,
    ),
    # A capacity to act ("the fund will be able to finance …"); "will not be able to"
    # and "will never be able to" are conditions, not undertakings.
    _cue(
        "future",
        r"\bwill\s+(?!not\b|never\b)(?:\w+ly\s+|also\s+|now\s+|soon\s+|then\s+)*be\s+able"
        r"\s+to\s+\w+",
        modal=True,
        strong=False,
        needs=_FUTURE,
    ),
    # A consequence that is itself a measurable target ("will make it possible to
    # update the hospital bed fund by 50%").
    _cue(
        "future",
        r"\bwill\s+"
        + _ADV
        + r"(?:make\s+it\s+possible|allow|enable)\s+(?:us\s+)?to\s+"
        + _ADV
        + _VERB
        + r"(?=[^.;]*\d)",
        ACTION_FORMS,
        needs=_FUTURE,
    ),
    _cue(
        "future",
        r"\bwill\s+" + _ADV + r"(?:be|reach|amount\s+to|exceed|total|grow\s+to|rise\s+"
        r"to|increase\s+to|fall\s+to|have\s+access)\s+(?:at\s+least\s+|more\s+than\s+|"
        r"over\s+|up\s+to\s+|about\s+|to\s+the\s+)?(?:[$€£¥₹₽]?\d|twice|double|three\s+times|"
        r"half)",
        modal=True,
        needs=_FUTURE,
    ),
    _cue(
        "future",
        r"\bwill\s+" + _ADV + r"become\s+the\s+(?:responsibility|competence|duty|"
        r"task)\s+of\b",
        needs="become",
    ),
    # Striving verbs between the modal and the policy verb ("will seek to …").
    _cue(
        "future",
        r"\b" + _WILL + r"\s+" + _ADV + _STRIVE + _ADV + _VERB,
        POLICY_FORMS,
        modal=True,
        needs=_STRIVING,
    ),
    # The state with a number: whatever the verb, "we will irrigate 200,000
    # hectares" is checkable; consequences and evaluations are excluded as usual.
    _cue(
        "future",
        r"^(?=[^.;]*\d)"
        + _STATE_SUBJECT
        + r"\s+(?:\w+ly\s+|also\s+|further\s+|now\s+)*"
        + _WILL
        + r"\s+(?:\w+ly\s+|also\s+|further\s+)*(?!be\b|not\b|have\b|do\b)"
        r"(?P<verb>[a-z]+)\b",
        modal=True,
        needs=_FUTURE,
    ),
    # A scheduled change of a number ("the minimum wage will rise to £12 from April").
    _cue(
        "future",
        r"\bwill\s+" + _ADV + r"(?:rise|fall|increase|decrease|drop|go\s+up|go\s+down|"
        r"grow|surge|climb|decline|be\s+(?:raised|increased|cut|reduced|lowered))\s+"
        r"(?:\w+-?fold\s+)?(?:from\s+[^.;]{1,30}?\s+)?"
        r"(?:to|by)\s+(?:at\s+least\s+|more\s+than\s+|over\s+|about\s+|around\s+|"
        r"some\s+|just\s+)?[$€£¥₹]?\d",
        modal=True,
        needs=_FUTURE,
    ),
    # A share or rate to be reached ("will cover 97 per cent of the population",
    # "must be at least 6 per cent").
    _cue(
        "future",
        r"\b(?:will|shall|must|should|needs?\s+to|has\s+to)\s+" + _ADV + r"(?:be\s+)?"
        r"(?:[a-z]+(?:\s+(?:for|to|up|by|at))?\s+)?(?:at\s+least\s+|more\s+than\s+|"
        r"over\s+|up\s+to\s+|about\s+|around\s+|nearly\s+|almost\s+|no\s+less\s+"
        r"than\s+|not\s+less\s+than\s+|below\s+|under\s+|less\s+than\s+)?"
        r"\d[\d.,]*\s*(?:per\s*cent|percent|%|percentage\s+points?)",
        modal=True,
        needs="per percent percentage %",
    ),
    # Any act done to the subject ("the income gap will be narrowed"), unless the
    # participle reports an experience or a judgement ("will be remembered").
    _cue(
        "future",
        r"\b(?:will|shall)\s+(?:\w+ly\s+|also\s+|now\s+|then\s+|further\s+)*be\s+"
        r"(?:\w+ly\s+)?(?!" + _NOT_ACTS + r")(?P<verb>[a-z]{3,}(?:ed|en|wn|lt|pt|ld|"
        r"id|ht|ut))\b",
        strong=False,
        modal=True,
        needs=_FUTURE,
    ),
    # A provision for each ("every hospital will have a digital records system") and
    # a dated state ("all new cars sold will be zero-emission by 2035").
    _cue(
        "future",
        r"\b(?:every|each|all)\s+(?:[\w-]+\s+){0,3}will\s+(?:\w+ly\s+|also\s+|now\s+)*"
        r"(?:have|get|receive|be\s+given|be\s+offered)\b|\bwill\s+(?:\w+ly\s+)*"
        r"(?:be|become)\s+(?:\w+ly\s+)?(?!" + _NOT_ACTS + r")[^.;]{0,60}?\b(?:by|in|"
        r"before|until)\s+(?:the\s+end\s+of\s+)?(?:19|20|21)\d\d\b",
        modal=True,
        needs=_FUTURE,
    ),
    # An outcome to be in place ("centres will be operational by the end of the year").
    _cue(
        "future",
        r"\bwill\s+(?:\w+ly\s+|also\s+|now\s+|then\s+)*(?:be|become)\s+(?:fully\s+|"
        r"freely\s+|widely\s+|universally\s+)?(?:available|operational|in\s+place|"
        r"in\s+force|in\s+operation|free(?!\s+to\b)|up\s+and\s+running|"
        r"compulsory|mandatory)\b|\bwill\s+(?:\w+ly\s+|also\s+|now\s+)*cost\s+"
        r"(?:nothing|no\s+more\s+than)\b|\bwill\s+(?:\w+ly\s+|also\s+|now\s+)*"
        r"(?:have|gain|get|be\s+given)\s+(?:\w+\s+)?access\s+to\b",
        modal=True,
        needs=_FUTURE,
    ),
    # A dated national target ("By 2030, our country will become an upper-middle-
    # income country"): the frame makes a consequence verb a target.
    _cue(
        "target",
        r"^(?:by|in|until|before)\s+(?:the\s+end\s+of\s+)?(?:19|20|21)\d\d\b"
        r"(?![^.;]*\b(?:world|global|population|temperatures?)\b[^.;]*\bwill\b)"
        r"[^.;]{0,120}?\b(?:will|must|should|shall)\s+(?:\w+ly\s+|also\s+)*(?:become|be|"
        r"reach|exceed|account\s+for|amount\s+to|rise|fall|grow|increase|decrease|"
        r"double|triple|halve|have)\b",
        needs="will must should shall",
    ),
    # A level to be held or reached ("the birth rate must be 1.7 in 2024", "spending
    # should be at least 2.5% of GDP"); a year is not a level.
    _cue(
        "target",
        r"\b(?:must|should|shall|needs?\s+to|has\s+to)\s+(?:\w+ly\s+|also\s+)*(?:be|"
        r"reach|exceed|amount\s+to|total)\s+(?:at\s+least\s+|more\s+than\s+|no\s+less\s+"
        r"than\s+|not\s+less\s+than\s+|below\s+|under\s+|above\s+|up\s+to\s+|about\s+|"
        r"around\s+)?[$€£¥₹₽]?(?!(?:19|20|21)\d\d\b)\d[\d.,]*+",
        modal=True,
        needs="must should shall need needs has",
    ),
    # A body asked to act ("Parliament will be asked to approve …").
    _cue(
        "request",
        r"\bwill\s+(?:\w+ly\s+|also\s+)*be\s+(?:asked|invited|requested|called\s+"
        r"(?:up)?on)\s+to\s+" + _ADV + _VERB,
        POLICY_FORMS,
        needs="asked invited requested called",
    ),
    # A stated commitment ("My Government is committed to delivering …").
    _cue(
        "plan",
        r"^(?:" + _STATE_SUBJECT + r"|(?-i:[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?))\s+"
        r"(?:\w+ly\s+|also\s+)*(?:is|are|am|remains?)\s+"
        r"(?:\w+ly\s+|also\s+)*(?:committed|determined|resolved|"
        r"pledged)\s+to\s+(?!the\b|our\b|its\b|this\b|these\b|that\b)\w+",
        strong=False,
        needs="committed determined resolved pledged",
    ),
    _cue(
        "pending",
        r"\b(?:bill|bills|amendments?|draft\s+laws?)\b[^.;]{0,60}?\b(?:has|have)\s+"
        r"been\s+(?:drafted|prepared|submitted|introduced|tabled)\b",
        needs="drafted prepared submitted introduced tabled",
    ),
    _cue(
        "obligation",
        r"\b" + _MODAL + r"\s+" + _ADV + r"(?:be|have\s+been)\s+" + _ADV + _VERB,
        POLICY_FORMS,
        strong=False,
        modal=True,
        needs=_MODALS,
    ),
    _cue(
        "obligation",
        r"\b" + _MODAL + r"\s+" + _ADV + r"(?!be\b)" + _VERB,
        POLICY_FORMS,
        strong=False,
        modal=True,
        needs=_MODALS,
    ),
    _cue(
        "obligation",
        r"\b" + _MODAL + r"\s+" + _ADV + _STRIVE + _ADV + _VERB,
        POLICY_FORMS,
        strong=False,
        modal=True,
        needs=_STRIVING,
    ),
    # A passive obligation on a named deliverable, whatever the act ("a separate
    # procedure for its financing should be envisaged").
    _cue(
        "obligation",
        r"\b(?:" + DELIVERABLES + r")s?\b(?:(?!\b(?:that|which|who)\b)[^.;]){0,120}?"
        r"\b(?:should|must|needs?\s+to|has\s+to|"
        r"have\s+to|is\s+to|are\s+to)\s+(?:\w+ly\s+|also\s+)*be\s+(?:\w+ly\s+)?"
        r"(?!" + _NOT_ACTS + r")[a-z]{3,}(?:ed|en|wn|lt|pt|ld|id|ht|ut)\b",
        strong=False,
        modal=True,
        needs=_MODALS,
    ),
    # A deliverable coming into being ("two medical centres will appear", "the new
    # bridge will open in May").
    _cue(
        "future",
        r"\b(?:" + DELIVERABLES + r")\s+(?:\w+\s+){0,3}?(?:will|shall)\s+(?:\w+ly\s+|"
        r"also\s+|soon\s+)*(?:open|appear|emerge|start\s+operating|begin\s+operating|"
        r"come\s+into\s+being)\b",
        modal=True,
        needs=_FUTURE,
    ),
    _cue(
        "necessity",
        r"\b(?:it\s+is|it\s+has\s+become|it\s+will\s+be|it\s+remains|this\s+is)\s+"
        r"(?:\w+ly\s+|also\s+|now\s+|therefore\s+|of\s+now\s+)*"
        + _NECESSARY
        + r"\s+(?:of\s+now\s+|for\s+\w+\s+|now\s+)?(?:that\s+we\s+|to\s+|for\s+(?:us|"
        r"the\s+state|the\s+government|\w+)\s+to\s+)" + _ADV + _VERB,
        POLICY_FORMS,
        strong=False,
        modal=True,
        needs=_NECESSITIES,
    ),
    _cue(
        "necessity",
        r"\bit\s+is\s+(?:\w+ly\s+|also\s+)*" + _NECESSARY + r"\s+that\s+[^,;]{3,80}?\s+"
        r"be\s+" + _ADV + _VERB,
        ACTION_FORMS,
        strong=False,
        modal=True,
        needs=_NECESSITIES,
    ),
    _cue(
        "necessity",
        r"\bthe\s+time\s+has\s+come\s+(?:to\s+|for\s+)|\b(?:there\s+is|we\s+have)\s+"
        r"(?:an?\s+)?(?:\w+\s+)?need\s+(?:to|for)\s+|\b(?:is|are)\s+(?:\w+ly\s+)?"
        r"(?:needed|required)\s+to\s+" + _ADV + _VERB,
        POLICY_FORMS,
        strong=False,
        modal=True,
        needs="time need needed required",
    ),
    _cue(
        "necessity",
        r"\b(?:the\s+time\s+has\s+come\s+(?:to\s+|for\s+)|(?:there\s+is|we\s+have)\s+"
        r"(?:an?\s+)?(?:\w+\s+)?need\s+(?:to|for)\s+|(?<!will\s)(?:requires?|needs?)\s+(?:a\s+|"
        r"an\s+|urgent\s+|immediate\s+)?(?:revision|amendment|review|reorganisation|"
        r"overhaul|updating)\b)",
        strong=False,
        modal=True,
        needs="time need requires require needs",
    ),
    _cue(
        "need",
        r"\b(?:we|the\s+country|the\s+state|our\s+country)\s+(?:also\s+|urgently\s+)?"
        r"(?:needs?|require)\s+(?:a|an)\s+(?:\w+\s+){0,4}" + DELIVERABLES + r"\b|"
        r"\b(?:is|are)\s+(?:urgently\s+|also\s+)?(?:needed|required)\b",
        strong=False,
        modal=True,
        needs="need needs require needed required",
    ),
    _cue(
        "ongoing",
        r"\bis\s+(?:now\s+|currently\s+|already\s+)?being\s+" + _ADV + _VERB,
        ACTION_FORMS,
        strong=False,
        modal=True,
        needs="being",
    ),
    _cue(
        "ongoing",
        r"\b(?:government|ministry|parliament|agency|bank|deputies|committee|"
        r"commission|state)\s+(?:is|are)\s+(?:now\s+|currently\s+|already\s+)?"
        r"(?:developing|preparing|drafting|introducing|creating|establishing|"
        r"launching|building|considering)\b",
        strong=False,
        modal=True,
        needs=(
            "developing preparing drafting introducing creating establishing launching "
            "building considering"
        ),
    ),
    _cue(
        "new deliverable",
        r"^(?:[^,]{0,40},\s+)?the\s+new\s+(?:\w+\s+){0,3}(?:law|laws|code|bill|act|"
        r"programme|program|agency|fund|strategy|concept|budget)\b[^.;]{0,60}?\b"
        r"(?:is|are|will)\b",
        strong=False,
        needs="new",
    ),
    # A decision taken ("we decided to join …", "we have agreed to increase …", "the
    # Council has adopted a decision to build …").
    _cue(
        "decision",
        r"\b(?:I|we|(?:the|my|our)\s+(?:government|cabinet|administration|council))\s+"
        r"(?:\w+ly\s+|also\s+|have\s+|has\s+|had\s+|already\s+)*(?<!not\s)(?:decided|agreed|"
        r"resolved)\s+(?:to|that|on|not\s+to)\b|\b(?:adopted|took|taken|made)\s+"
        r"(?:a|the|relevant|several|these)?\s*(?:\w+\s+)?decisions?\s+(?:to|on)\s+\w+",
        strong=False,
        concrete_only=True,
        needs="decided agreed resolved decision decisions",
    ),
    # A declaration ("2021 is declared the Year of …", "I will declare a one-off …").
    _cue(
        "declaration",
        r"\b(?:is|are|will\s+be|shall\s+be|be)\s+(?:hereby\s+|officially\s+)?"
        r"(?:declared|proclaimed)\s+(?:as\s+|to\s+be\s+)?(?:the\s+|a\s+|an\s+)?"
        r"(?-i:[A-Z])|\bI\s+(?:hereby\s+|will\s+|now\s+|therefore\s+)*(?:declare|"
        r"proclaim)\s+(?!that\b|my\b|our\s+(?:support|solidarity)\b)|\bwe\s+are\s+"
        r"(?:hereby\s+|now\s+)?(?:declaring|proclaiming)\b",
        needs="declared proclaimed declare proclaim declaring proclaiming",
    ),
    # An obligation by arrangement ("The Government is to prepare …", "two bridges
    # are to be built", "the plan is to …"); "This is to …" states a purpose, "we are
    # yet to …" what is not done.
    _cue(
        "is to",
        r"(?<!\bthis\s)(?<!\bthat\s)(?<!\bit\s)(?<!\bwhich\s)(?<!\bwho\s)\b(?:is|are)"
        r"\s+(?:also\s+|now\s+)?to\s+" + _ADV + r"(?:be\s+" + _ADV + r")?" + _VERB,
        POLICY_FORMS,
        strong=False,
        modal=True,
        needs="is are",
    ),
    # Entry into force ("will come into force from …", "takes effect on …").
    _cue(
        "entry into force",
        r"\b(?:will|shall|should|must|to|would)\s+(?:\w+ly\s+|also\s+|only\s+)*"
        r"(?:come|enter)\s+into\s+(?:force|effect|operation)\b|\b(?:comes|enters)\s+"
        r"into\s+(?:force|effect)\b|\b(?:will|shall|to|would)\s+(?:\w+ly\s+|also\s+)*"
        r"take\s+(?:immediate\s+|full\s+)?effect\b|^(?!(?:this|these|that|it|they)\b)"
        r"[^.;]{1,80}?\btakes\s+(?:immediate\s+)?effect\b|"
        r"\b(?:will|shall)\s+(?:\w+ly\s+|also\s+)*(?:apply|be\s+effective|become\s+"
        r"effective)\s+(?:from|as\s+of|starting|with\s+effect\s+from)\b",
        strong=False,
        modal=True,
        needs="come enter comes enters take takes apply effective",
    ),
    # The state at work on a named deliverable ("we are introducing a …", "JTC is
    # currently constructing …", "the ministry is working on amendments …", "we are
    # working to establish …"). The rule for "ongoing" alone (a deliverable named,
    # no past) applies.
    _cue(
        "ongoing",
        _AT_WORK
        + r"(?:in\s+the\s+process\s+of\s+|(?=working\s+on\b))?(?P<verb>[a-z]+ing)"
        r"(?:\s+(?P<particle>up|out|on|in|through))?\b",
        ACTION_FORMS
        | frozenset({"working on", "piloting", "finalising", "finalizing"}),
        strong=False,
        modal=True,
        needs="is are",
    ),
    _cue(
        "ongoing",
        _AT_WORK + r"working\s+(?:hard\s+)?(?:to|towards)\s+" + _ADV + _VERB,
        ACTION_FORMS,
        strong=False,
        modal=True,
        needs="working",
    ),
    # A scheduled absence of change ("the rebate will remain at 50%", "levies will
    # remain unchanged for another year", "the programme will stay in place").
    _cue(
        "no change",
        r"(?<!\bit\s)\b(?:will|shall|should|must)\s+(?:\w+ly\s+|also\s+)*(?:remain|stay)"
        r"\s+(?:unchanged|the\s+same|in\s+place|in\s+force|frozen|at\s+(?:the\s+"
        r"current\s+)?[$€£¥₹₽]?\d)",
        strong=False,
        needs="remain stay",
    ),
    # The state's own estimate of what it will spend or do ("we expect to pay out
    # more than $800 million", "we estimate that our spending will average …").
    _cue(
        "expectation",
        r"\b(?:we|I|the\s+government)\s+(?:\w+ly\s+|also\s+|now\s+)*(?:expect|"
        r"estimate|anticipate)\s+(?:to\b|that\b|(?!(?:them|you|him|her|us|everyone)\b)"
        r"(?:\w+\s+){1,4}?(?:to|will)\b)",
        strong=False,
        concrete_only=True,
        needs="expect estimate anticipate",
    ),
    # A payment or a rate for those it reaches ("eligible households will each
    # receive $20 more", "… will be subject to a rate of 50%").
    _cue(
        "payment",
        r"\b(?:will|can|would|shall)\s+(?:\w+ly\s+|also\s+|each\s+|now\s+)*(?:receive|"
        r"get|enjoy|be\s+given|be\s+paid|be\s+entitled\s+to)\s+(?:(?:an?\s+)?(?:additional|"
        r"extra|further|one-off|total\s+of)\s+|up\s+to\s+|at\s+least\s+|about\s+|"
        r"over\s+|more\s+than\s+|an?\s+[\w\"“”-]+\s+of\s+)*[$€£¥₹₽]\s?\d|\bwill\s+"
        r"(?:\w+ly\s+|also\s+)*be\s+subject\s+to\s+(?:a|an)\s+[^.;]{0,40}?\d",
        strong=False,
        needs="receive get enjoy given paid entitled subject",
    ),
    # Money put aside for a purpose ("we have set aside $150 million to …", "we are
    # setting aside $6.1 billion for …").
    _cue(
        "allocation",
        r"\b(?:have|has|had|are|is|will)\s+(?:\w+ly\s+|also\s+|been\s+|now\s+|"
        r"already\s+)*(?:set\s+aside|setting\s+aside|put\s+aside|putting\s+aside|"
        r"allocated|allocating|earmarked|earmarking|committed|committing|budgeted)\b"
        r"[^.;]{0,60}?[$€£¥₹₽]?\s?\d[\d,.]*+\s*(?:million|billion|trillion|bn|m|"
        r"roubles|rubles|rupees|pesos|tenge|rand|dollars|euros)\b",
        strong=False,
        needs="set setting put putting allocated allocating earmarked earmarking "
        "committed committing budgeted",
    ),
    # A request to the legislature ("I ask Parliament to pass …", "I urge Congress
    # to …", "Colleagues, please pass this law …").
    _cue(
        "request to legislature",
        r"\b(?:I|we)\s+(?:\w+\s+){0,4}?(?:ask(?:ing)?|urg(?:e|ing)|call(?:ing)?\s+"
        r"\[?(?:up)?on\]?|appeal(?:ing)?\s+to|request(?:ing)?|invit(?:e|ing)|"
        r"implor(?:e|ing))\s+(?:\w+\s+){0,6}?(?:parliament|congress|senate|"
        r"legislat\w+|lawmakers|deputies|houses?\s+of\s+\w+|(?:national|federal|"
        r"legislative)\s+assembly|duma|members\s+of\s+(?:parliament|congress))\b"
        r"[^.;]{0,80}?\bto\s+\w+|\b(?:I|we)\s+(?:\w+\s+){0,3}?(?:ask|urge)\s+you\s+"
        r"(?:to\s+)?(?:pass|enact|approve|adopt|ratify)\b|\bplease\s+(?:\w+ly\s+)?"
        r"(?:pass|adopt|approve|enact|ratify)\s+(?:this|the|these|a)\s+(?:\w+\s+){0,2}?"
        r"(?:law|laws|bill|bills|act|budget|amendments?|legislation|code|treaty)\b",
        needs=(
            "ask asking urge urging call calling appeal appealing request requesting "
            "invite inviting implore imploring please"
        ),
    ),
    # An earlier promise restated ("last year we said we would …", "as I promised
    # …", "I would like to reiterate my proposal to …").
    _cue(
        "restatement",
        r"\bas\s+(?:I|we)\s+(?:have\s+|had\s+)?(?:already\s+)?(?:promised|pledged|"
        r"announced|undertook|committed)\b|\b(?:I|we)\s+(?:have\s+|had\s+)?(?:\w+ly\s+|"
        r"also\s+|already\s+)*(?:promised|pledged|undertook|committed\s+(?:ourselves\s+)?"
        r"to|announced\s+(?:that|the\s+(?:introduction|creation|launch|"
        r"establishment)))\b|\breiterate\s+(?:my|our)\s+(?:\w+\s+){0,3}?(?:proposal|"
        r"commitment|pledge|initiative|call)\b|\b(?:said|announced|promised|pledged)\s+"
        r"(?:that\s+)?(?:we|I|the\s+government|it)\s+would\s+\w+",
        strong=False,
        concrete_only=True,
        needs="promised pledged announced undertook committed reiterate said",
    ),
    # A measure's reach or cost in numbers ("this will benefit about 4 million people",
    # "will cost $120 million", "benefiting 900,000 households", "$1 billion will go
    # towards …").
    _cue(
        "reach",
        r"(?<!\bit\s)\b(?:will|would|shall|to)\s+(?:\w+ly\s+|also\s+|further\s+|now\s+)*"
        r"(?:benefit|cover|reach|help|cost|support|serve|go\s+(?:to|into|towards))\s+"
        r"(?:the\s+(?:government|state|budget)\s+)?(?:(?:an?\s+(?:additional|further|"
        r"total\s+of)|about|around|some|over|more\s+than|close\s+to|up\s+to|nearly|"
        r"almost|at\s+least|another|roughly|approximately|an\s+estimated)\s+)*"
        r"[$€£¥₹₽]?\s?\d|\bbenefit(?:ing|s)?\s+(?:(?:about|around|some|over|more\s+than|"
        r"close\s+to|up\s+to|nearly|almost|at\s+least|roughly)\s+)*\d|(?<![\d,.])\d[\d,.]*+"
        r"(?:\s*(?:million|billion|thousand))?\s+(?:[\w-]+\s+){0,3}?(?:will|would|are\s+"
        r"expected\s+to|stand\s+to)\s+(?:also\s+)?benefit\b|[$€£¥₹₽]\s?\d[\d,.]*+"
        r"(?:\s*(?:million|billion|thousand|bn|m))?\s+will\s+go\s+(?:to|into|towards)\b",
        strong=False,
        needs="benefit benefiting benefits cover reach help cost support serve go",
    ),
    _cue(
        "let us",
        r"\blet(?:\s+us|’s|'s)\s+" + _ADV + _VERB,
        POLICY_FORMS,
        strong=False,
        modal=True,
        needs="let",
    ),
)

# A cheap first test: a sentence with none of the words some cue needs has no cue.
_TRIGGER_WORDS = frozenset().union(*(cue.needs for cue in _CUES))
_WORDS = re.compile(r"[a-z]+")
_QUESTION = re.compile(r"\?[\"”’»)]*!?\s*$")
_HYPOTHETICAL = re.compile(
    r"^(?:if|unless|were|had|suppose|imagine|what\s+if|should\s+(?!\w+\s+be\b)\w+\s+"
    r"\w+)\b",
    _I,
)
# Contractions, spelled out so that one pattern serves both ("I'm calling on …").
_CONTRACTIONS = (
    (re.compile(r"\bI['’]m\b", _I), "I am"),
    (re.compile(r"\b(\w+)['’]ve\b", _I), r"\1 have"),
    (re.compile(r"\b(\w+)['’]ll\b", _I), r"\1 will"),
    (re.compile(r"\b(\w+)['’]re\b", _I), r"\1 are"),
    (re.compile(r"\bwon['’]t\b", _I), "will not"),
    (re.compile(r"\b(\w+)n['’]t\b", _I), r"\1 not"),
    (re.compile(r"\blet['’]s\b", _I), "let us"),
)
_FORECAST = re.compile(
    r"\baccording\s+to\s+(?:the\s+)?(?:\w+\s+){0,4}(?:forecasts?|experts?|analysts?|"
    r"estimates?|IMF|World\s+Bank|historians|polls?|stud(?:y|ies)|research|data|"
    r"scientists|economists|projections?|WHO|UN\b|OECD|(?:central\s+|reserve\s+)?"
    r"bank\b|(?:\w+\s+)?(?:office|bureau|institute|fund|statistics)\b)|\b(?:experts?|"
    r"analysts?|"
    r"forecasts?|economists?|observers|historians|scientists|polls?)\s+(?:\w+ly\s+)?"
    r"(?:argue|say|believe|estimate|predict|expect|forecast|suggest|show|warn|project)|"
    r"\b(?:forecasts?|projections?|estimates?)\s+(?:by|of|from)\s+(?:[\w-]+\s+){1,5}"
    r"(?:suggest|show|predict|indicate|say|expect|project)",
    _I,
)
# An outside body's expectation ("The IMF projects that growth will …").
_OUTSIDE_FORECAST_WORDS = frozenset(
    {
        "projects", "project", "expects", "expect", "predicts", "predict",
        "forecasts", "forecast", "estimates", "estimate", "anticipates", "anticipate",
    }
)  # fmt: skip
_OUTSIDE_FORECAST = re.compile(
    r"\b(?:IMF|International\s+Monetary\s+Fund|World\s+Bank|OECD|Bank\s+of\s+"
    r"(?-i:[A-Z])\w+|(?:central|reserve)\s+bank|Federal\s+Reserve|Statistics\s+"
    r"(?-i:[A-Z])\w+|rating\s+agencies|institutions|forecasters|markets|investors|"
    r"(?-i:[A-Z])\w+\s+(?-i:Office|Agency|Bureau|Institute|Fund))\s+"
    r"(?:\w+ly\s+|also\s+)*(?:projects?|expects?|predicts?|forecasts?|estimates?|"
    r"anticipates?)\b",
    _I,
)
# A forecast of what the state does not own ("growth is expected to reach 3%",
# "inflation will likely fall"): the economy, prices or the climate as the subject.
_UNOWNED_FORECAST = re.compile(
    r"\b(?:growth|GDP|economy|economies|inflation|prices|unemployment|output|"
    r"exchange\s+rates?|interest\s+rates|oil\s+prices?|markets?|the\s+deficit|"
    r"temperatures?|sea\s+levels?|the\s+world\s+population|trade\s+volumes?)\b"
    r"[^.;]{0,40}?\b(?:is|are|was|were|will\s+be)\s+(?:\w+ly\s+|also\s+)*(?:expected|"
    r"projected|forecast|predicted|estimated|likely|set|poised|anticipated)\s+to\b|"
    r"\b(?:growth|GDP|economy|inflation|prices|unemployment)\b[^.;]{0,40}?\bwill\s+"
    r"(?:likely|probably|possibly)\b|\b(?:expect|project|forecast|estimate)s?\s+"
    r"(?:that\s+)?(?:\w+\s+){0,3}?(?:growth|GDP|the\s+economy|inflation|prices|"
    r"unemployment)\b",
    _I,
)
# An appeal to other states or to the world ("we call on all nations to …", "the
# international community must …"): not an act of the speaker's state.
_ABROAD = (
    r"(?:the\s+|all\s+|each\s+and\s+every\s+|every\s+|each\s+|our\s+|other\s+|"
    r"fellow\s+)*(?:international\s+(?:community|financial\s+institutions|"
    r"organi[sz]ations|partners)|world\s+community|global\s+community|nations|"
    r"countries|member\s+states|states|(?:the\s+)?United\s+Nations|UN\b(?:\s+"
    r"agenc(?:y|ies))?|world\s+leaders|(?:developed|developing|rich|major)\s+"
    r"(?:countries|nations|economies)|donors|(?:the\s+)?Security\s+Council|"
    r"(?:the\s+)?General\s+Assembly)"
)
_APPEAL_ABROAD = re.compile(
    r"\b(?:call(?:s|ing)?\s+(?:up)?on|urg(?:e|es|ing)|appeal(?:s|ing)?\s+to|"
    r"invit(?:e|es|ing)|encourag(?:e|es|ing)|ask(?:s|ing)?)\s+" + _ABROAD + r"\b|"
    r"(?:^|\bthat\s+)(?:[^,]{0,60},\s+)?" + _ABROAD + r"\s+(?:\w+ly\s+|also\s+)*"
    r"(?:must|should|need\s+to|needs\s+to|has\s+to|have\s+to|ought\s+to)\b",
    _I,
)
# A way or a means defined, not an arrangement ("A second way to transform our
# industries is to …", "Our fundamental strategy is to grow …", "Another is to …").
_DEFINITION = re.compile(
    r"^(?:[^,]{0,40},\s+)?(?:(?:the|a|an|our|their|its|another|one)\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:way|ways|approach|tool|means|challenge|job|(?:important|main)\s+thing)"
    r"\b[^;]{0,80}?\bis\s+to\b|^another\s+is\s+to\b",
    _I,
)
# A heading or slogan: short, no closing punctuation, mostly capitalised words.
_CLOSING = re.compile(r"[.!?:;…\"”’»)\]]\s*$")
_CAPITALISED = re.compile(r"\b(?-i:[A-Z])[\w’'-]*")
_LONG_WORD = re.compile(r"\b\w{4,}\b")
_HOPE = re.compile(
    r"^(?:[^,]{0,30},\s+)?I\s+(?:\w+ly\s+)?(?:hope|wish|trust|am\s+(?:sure|confident|"
    r"convinced|certain)|have\s+no\s+doubt|do\s+not\s+doubt)\b|^there\s+is\s+no\s+"
    r"doubt\b|^may\s+",
    _I,
)
_PAST_CONTEXT = re.compile(
    r"\b(?:has|have|had)\s+(?:\w+ly\s+)?(?:begun|started|been\s+\w+ed)\b|"
    r"\b(?:was|were)\s+(?:\w+ly\s+)?\w+ed\b",
    _I,
)
# What follows "will" when it reports a consequence or an evaluation, not an act.
_CONSEQUENCE = re.compile(
    r"(?:will|shall|'ll)\s+(?:\w+ly\s+|also\s+|not\s+|thus\s+|then\s+|"
    r"in\s+turn\s+)*(?:lead|help|contribute|allow|enable|make\s+it|"
    r"make\s+(?:our|the|us)|become|require|facilitate|depend|determine|mean|serve|"
    r"affect|play|remain|take\s+(?:at\s+least|time|years|months|this\s+opportunity|"
    r"advantage|root)|understand|bring\s+(?:about|benefits)|result|cause|entail|"
    r"pay\s+off|open\s+up|give\s+(?:an?\s+)?(?:\w+\s+)?impetus|create\s+(?:the\s+)?"
    r"(?:conditions|opportunities|prerequisites)|"
    r"overcome|witness|see|follow|repeat|discuss|say|tell|talk|act|disclose|note|"
    r"emphasi[sz]e|touch|dwell|mention|answer|explain|share|"
    r"add(?!\s+(?:at\s+least\s+|more\s+than\s+|some\s+|another\s+|a\s+further\s+|"
    r"an\s+additional\s+|up\s+to\s+)?[$€£\d])|do\s+(?:so|the\s+same|it\s+again|that)|"
    r"get\s+back\s+to|come\s+back\s+to|return\s+to\s+(?:this|that|it|the\s+question|"
    r"your)|get\s+to\s+"
    r"(?:the|that|this|it|your)|not\s+get\s+ahead|elaborate|"
    r"now\s+(?:deliver|present|turn|speak|outline|report|set\s+out|give|read|"
    r"address|describe|move|conclude|close)|take\s+(?:\d|\w+\s+(?:years|months|"
    r"decades))|cost(?!\s+nothing)|need(?!\s+to)|face|celebrate|commemorate|"
    r"end(?!\s+(?:the|a|an|all|our|their|its|this|these|those|every|any)\b)|"
    r"work\s+(?:hard|together)|(?:attract|draw|receive)\s+(?:the\s+|much\s+|"
    r"great\s+|wide\s+)?(?:attention|interest)|be\s+(?:a|an|the|of|useful|useless|"
    r"important|no|"
    r"more|less|key|crucial|decisive|critical|difficult|easy|on|remembered))\b",
    _I,
)
# The state permitting something is an act, not a consequence ("the Government will
# allow first-home buyers to …").
_PERMITS = re.compile(
    r"(?:will|shall)\s+(?:\w+ly\s+|also\s+)*(?:allow|enable|help|make\s+it\s+"
    r"possible\s+for)\s+(?!us\b|me\b|it\b|them\b|this\b|the\s+country\b)",
    _I,
)
_STATE_BEFORE = re.compile(
    r"(?:^|,\s+)(?:and\s+)?(?:we|I|(?:my|the|this|our)\s+(?:government|administration|"
    r"ministers)|government|ministers)\s+(?:\w+ly\s+|also\s+|further\s+)*$",
    _I,
)
# Certainty about the future is a prophecy, not an undertaking ("the goal will surely
# be realised").
_PROPHECY = re.compile(
    r"(?:will|shall)\s+(?:also\s+)?(?:surely|inevitably|undoubtedly|without\s+(?:a\s+)?"
    r"doubt|likely|probably|possibly)\b|"
    # A number that grows or falls by itself, with no amount ("spending will grow
    # over time", "the number of graduates will be increasing").
    r"(?:will|shall)\s+(?:\w+ly\s+|also\s+|continue\s+to\s+)*(?:grow|rise|increase|"
    r"decline|fall|shrink|be\s+(?:increasing|growing|rising|declining|falling))\s*"
    r"(?:over\s+time|in\s+the\s+(?:long|coming|next)|as\s+(?!from\b)|[.,;]|$)",
    _I,
)
_COPULAR = re.compile(
    r"(?:should|must|need\s+to|needs\s+to|has\s+to|have\s+to|will|shall)\s+"
    r"(?:\w+ly\s+|also\s+|always\s+|not\s+|therefore\s+)*(?:be|become|remain|stay)\s+"
    r"(?:\w+ly\s+|more\s+|even\s+)*" + COPULAR_ADJECTIVES + r"\b",
    _I,
)
_EXHORTATION = re.compile(
    r"(?:should|must|need\s+to|needs\s+to|have\s+to|has\s+to|will)\s+(?:\w+ly\s+|"
    r"also\s+|always\s+|not\s+|in\s+addition\s+|all\s+|together\s+|together,\s+)*"
    r"(?:forget|remember|be\s+ready|find|keep\s+in\s+mind|hesitate|lose|act|live|"
    r"look|think\s+about\s+what|reali[sz]e(?!\s+(?:\w+\s+){0,2}(?:goals?|targets?|"
    r"potential|plans?|modernisation|modernization|projects?|tasks?))|understand|"
    r"bear|base|reject|get\s+rid|tell|follow|prevail|take\s+root|fear|learn|value|"
    r"beware|work\s+(?:hard|thoughtfully|relentlessly|together)|be\s+prepared\s+for|"
    r"change\s+(?:its|our|their|the)\s+(?:perception|attitude)|reign|uphold|"
    r"stay\s+true|remain\s+(?:true|loyal|faithful)|"
    # A value put first or at the centre, a state of mind, a comparison.
    r"put\s+(?:\w+\s+){1,3}(?:first|at\s+the\s+(?:cent(?:re|er)|"
    r"heart|forefront|core))|(?:get|become|grow)\s+(?:distracted|complacent|"
    r"discouraged|tired|bogged\s+down|carried\s+away)|become\s+(?:even\s+|much\s+)?"
    r"(?:more|less)\s+(?!than\b)|unite(?!\s+(?:the|two|three|all|several|these|those|its|their)\b))\b",
    _I,
)
_RELATIVE_BEFORE = re.compile(
    r"(?:\b(?:which|who|whom|whose)\s+(?:\w+\s+){0,2}|\bthat\s+|\bfor\s+whom\s+"
    r"(?:\w+\s+){0,3}|\bof\s+which\s+|\b(?:how|what|whether|(?<!\bis\s)"
    r"(?<!’s\s)(?<!'s\s)why|where|when)\s+(?:\w+\s+){0,3}|\b(?:work|things|job|"
    r"everything|all|more|much)\s+(?:that\s+)?(?:we|you|they)\s+)$",
    _I,
)

# "we do not have to …" lifts an obligation; "should have been created" regrets
# the past.
_NOT_OBLIGED_BEFORE = re.compile(r"\b(?:do|does|did)\s+not\s+$", _I)
_COUNTERFACTUAL = re.compile(
    r"(?:should|must|ought\s+to|could|would)\s+(?:\w+ly\s+)?(?:not\s+)?have\s+"
    r"(?:been\s+)?[a-z]+(?:ed|en|wn|t)\b",
    _I,
)
# An obligation with nothing to check ("we need to do the same", "we must keep this
# in mind") or an idiom ("this has to do with …"). Not after "will": "we will do
# this" confirms the undertaking just stated.
_NO_OBJECT = re.compile(
    r"(?:should|must|need\s+to|needs\s+to|have\s+to|has\s+to)\s+(?:\w+ly\s+|also\s+|"
    r"not\s+|just\s+|only\s+)*(?:do\s+(?:the\s+same|something|anything|everything|"
    r"what|\w+\s+with|with)\b|keep\s+(?:this|that|it)\s+in\s+mind|be\s+kept\s+in\s+mind|"
    r"take\s+(?:this|that|it)\s+into\s+(?:account|consideration))",
    _I,
)
_REPORTED_BEFORE = re.compile(
    r"\b(?:said|says|stated|showed|shows|argue|argued|believe[sd]?|think|thought|"
    r"feel|felt|know|knew|hope[sd]?|fear(?:ed)?|seems?|seemed)\s+that\s+[^.;]*$",
    _I,
)
_PRONOUN_SUBJECT = re.compile(
    r"^(?:[A-Z][^,]{0,40},\s+)?(?:and\s+|but\s+|so\s+)?(?:this|that|its\s+\w+(?:\s+"
    r"\w+)?|these|those|such\s+\w+|all\s+(?:this|these)(?:\s+\w+)?|this\s+"
    r"(?!government\b|administration\b|parliament\b|house\b|state\b)\w+|these\s+\w+)\s+"
    r"(?:\w+ly\s+|also\s+|in\s+turn\s+)*(?:will|would|should|must|can|may)\b",
    _I,
)
_NON_STATE_SUBJECT = re.compile(
    r"^(?:[^,]{0,50},\s+)?(?:and\s+|but\s+)?(?:each\s+|every\s+|all\s+|our\s+|the\s+|"
    r"many\s+|some\s+|young\s+|ordinary\s+|of\s+|task\s+)*(?:citizens?|people|society|"
    r"everyone|everybody|all\s+of\s+us|each\s+of\s+us|youth|you|one|nobody|no\s+one|"
    r"world|experts?|historians|nation|businesses|business|entrepreneurs|companies|"
    r"individuals|intellectuals|intelligentsia|"
    r"generation|person|he|she|economy|judiciary|court|police|prosecutor|employers|"
    r"banks|investors|families|children|students|teachers|doctors|officials|civil\s+"
    r"servants|leaders|managers|other\s+states|partners|we\s+as\s+a\s+society|"
    r"we\s+all|us\s+all|attitudes|political\s+parties|(?:coming|next|"
    r"following)\s+(?:weeks|months|years|decades?)|(?:hostile|"
    r"external|foreign|outside)\s+forces|enemies|adversaries|opponents|critics|"
    r"terrorists|criminals|speculators|nothing|temperatures?|sea\s+levels?|"
    r"population|prices)\b[^,;]{0,60}?"
    r"\b(?:should|must|need|needs|has\s+to|have\s+to|ought|is\s+obliged|are\s+obliged|"
    r"will|is\s+to)\b(?!\s+(?:not\s+)?be\s+(?:\w+ly\s+)?\w+(?:ed|en|wn|ld|lt|nt)\b|"
    r"(?<=will)\s+(?:\w+ly\s+|also\s+|now\s+)*(?:receive|get|gain\s+access|have\s+"
    r"access|be\s+"
    r"(?:able|entitled|eligible)|have\s+the\s+right)\b)",
    _I,
)
# Obligations with no checkable object: solving "the problem", paying attention,
# giving priority, a condition ("will not be achieved without …").
_VAGUE = re.compile(
    r"\b(?:solve|solved|solving)\s+(?:the|this)\s+problem\b(?!\s+of\s+\w+ing)|\b(?:the|this)\s+"
    r"(?:problem|issue)\s+(?:\w+\s+){0,3}(?:needs?\s+to|must|should)\s+be\s+solved\b|"
    r"\battention\s+(?:should|must|needs\s+to)\s+be\s+paid\b|\bpay\s+(?:\w+\s+){0,3}"
    r"attention\b|\bpriority\s+(?:should|must)\s+be\s+given\b|\b(?:will|can)(?:not|"
    r"\s+not)?\s+be\s+\w+\s+without\b",
    _I,
)
# An aspiration for the country as a whole ("build a Canada that is stronger").
_ASPIRATION = re.compile(
    r"\b(?:build|create|make|become|shape)\s+(?:a|an|the|our)\s+(?:\w+\s+){0,2}?"
    r"(?:country|nation|society|world|future|homeland|(?-i:[A-Z][a-z]+)(?:\s+"
    r"(?-i:[A-Z][a-z]+))?)"
    r"\s+(?:that|which|where|in\s+which|of\s+which|for\s+all|we\s+can)\b|"
    r"\blet\s+us\s+(?:all\s+)?(?:work\s+together|unite|rally|stand|join\s+hands|"
    r"move\s+forward|go\s+forward|march|strive|remain|stay|keep\s+faith|never|be\b)",
    _I,
)
# The Throne-speech closing formula: nothing named, nothing to check.
_FORMULA = re.compile(
    r"^(?:other|further|additional)\s+(?:measures|proposals|bills|legislation)\s+"
    r"will\s+be\s+(?:laid|put|brought)\s+before\s+(?:you|parliament|the\s+house)"
    r"[.!]?$",
    _I,
)
_PASSIVE = re.compile(
    r"\b(?:will|shall|should|must|need\s+to|needs\s+to|has\s+to|have\s+to)\s+"
    r"(?:\w+ly\s+|also\s+|not\s+)*be\s+(?:\w+ly\s+)?\w+(?:ed|en|wn|ld|lt|nt|ut|un|pt|id|ht)\b",
    _I,
)
# A change measured in numbers: "this measure will increase … by almost 50 percent"
# is a target whatever its subject.
_MEASURED = re.compile(
    r"\b(?:by|to)\s+(?:at\s+least\s+|almost\s+|about\s+|more\s+than\s+|nearly\s+|"
    r"over\s+)?\d[\d.,]*+\s*(?:%|per\s*cent|percent|times)",
    _I,
)
# The speaker's word to a person in the room ("I will give you the names"):
# conversation, unless something checkable is named.
_TO_A_PERSON = re.compile(
    r"\bI\s+(?:will|shall)\s+(?:\w+ly\s+|also\s+|still\s+)*[a-z]+\s+(?:you|him|her|"
    r"them)\b",
    _I,
)
_QUOTE_OPEN = re.compile(r"[“«]")
_QUOTE_CLOSE = re.compile(r"[”»]")
_SLOW = re.compile(r"\b(?:at\s+a\s+slow\s+pace|inefficiently|poorly|gradually)\b", _I)
_NUMBER = re.compile(r"\d|%|\b(?:double|doubl|triple|half|twice|fold)\w*", _I)


def _is_heading(text: str) -> bool:
    """Whether `text` reads as a heading or slogan rather than a sentence."""
    if _CLOSING.search(text) or len(text) > 120:
        return False
    words = _LONG_WORD.findall(text)
    capitalised = [w for w in words if _CAPITALISED.fullmatch(w)]
    return bool(words) and (text.isupper() or len(capitalised) >= 0.6 * len(words))


def _strip_lead(sentence: str) -> str:
    return sentence.strip().lstrip('“"‘«(–—- ')


def _verb_ok(match: re.Match[str], verbs: frozenset[str] | None) -> bool:
    if verbs is None or "verb" not in match.re.groupindex:
        return True
    verb = (match.group("verb") or "").lower()
    if not verb:
        return True
    particle = match.group("particle")
    if particle and f"{verb} {particle.lower()}" in verbs:
        return True
    return verb in verbs


def _inside_quotation(text: str, start: int, end: int) -> bool:
    opened = len(_QUOTE_OPEN.findall(text, 0, start))
    closed = len(_QUOTE_CLOSE.findall(text, 0, start))
    if opened > closed:
        return True
    following = re.search(r"[“«”»]", text[end:])
    return bool(following and following.group(0) in "”»" and opened == closed)


def _locally_valid(text: str, match: re.Match[str], cue: _Cue) -> bool:
    """Reject a weak cue inside a relative or reported clause, or a non-act."""
    if not cue.is_modal:
        return True
    before = text[max(0, match.start() - 160) : match.start()]
    if _inside_quotation(text, match.start(), match.end()):
        return False  # someone else's words
    if _RELATIVE_BEFORE.search(before[-40:]) or _REPORTED_BEFORE.search(before):
        return False
    if _NOT_OBLIGED_BEFORE.search(before[-20:]):
        return False
    at = match.start()
    modal_at = re.compile(r"(?:will|shall|should|must|need|needs|has|have|'ll)\b", _I)
    modal = modal_at.search(text, at, min(len(text), match.end() + 1))
    if modal is None:
        return True
    position = modal.start()
    is_consequence = bool(_CONSEQUENCE.match(text, position)) and not (
        _PERMITS.match(text, position) and _STATE_BEFORE.search(text, 0, position)
    )
    return not (
        is_consequence
        or _NO_OBJECT.match(text, position)
        or _COUNTERFACTUAL.match(text, position)
        or _COPULAR.match(text, position)
        or _EXHORTATION.match(text, position)
        or _PROPHECY.match(text, position)
    )


def normalise(sentence: str) -> str:
    """Return `sentence` as the cues read it: no opening quote, no contractions."""
    text = _strip_lead(sentence)
    if "'" in text or "’" in text:
        for pattern, spelled in _CONTRACTIONS:
            text = pattern.sub(spelled, text)
    return text


def classify(sentence: str) -> Detection | None:
    """Return why `sentence` reads as a commitment, or None if it does not."""
    text = normalise(sentence)
    words = set(_WORDS.findall(text.lower()))
    if "%" in text:
        words.add("%")
    if not text or not words & _TRIGGER_WORDS or _QUESTION.search(text):
        return None
    if _HYPOTHETICAL.match(text) or _FORECAST.search(text):
        return None
    if words & _OUTSIDE_FORECAST_WORDS and _OUTSIDE_FORECAST.search(text):
        return None
    if _UNOWNED_FORECAST.search(text) or _is_heading(text):
        return None
    has_object = bool(words & DELIVERABLE_WORDS or _NUMBER.search(text))
    cues: list[str] = []
    strong = False
    binding = False  # a strong cue other than a request (which may go abroad)
    only_modal = True
    for cue in _CUES:
        if not words & cue.needs or (cue.is_concrete_only and not has_object):
            continue
        for match in cue.pattern.finditer(text):
            if _verb_ok(match, cue.verbs) and _locally_valid(text, match, cue):
                break
        else:
            continue
        if cue.name not in cues:
            cues.append(cue.name)
        if cue.is_strong and cue.name != "request":
            binding = True
        strong = strong or cue.is_strong
        only_modal = only_modal and cue.is_modal
    if not cues:
        return None
    if not binding and _APPEAL_ABROAD.search(text):
        return None
    if set(cues) <= {"is to", "task"} and _DEFINITION.search(text):
        return None
    if only_modal:
        if _HOPE.search(text) or _NON_STATE_SUBJECT.search(text):
            return None
        if _TO_A_PERSON.search(text) and not has_object:
            return None
        # "Let us …" alone is a rallying call unless it names something to check.
        if cues == ["let us"] and not has_object:
            return None
        if _VAGUE.search(text) or _FORMULA.match(text):
            return None
        if _ASPIRATION.search(text) and not (
            words & DELIVERABLE_WORDS or _NUMBER.search(text)
        ):
            return None
        if (
            _PRONOUN_SUBJECT.search(text)
            and not _PASSIVE.search(text)
            and not _MEASURED.search(text)
        ):
            return None
        if cues == ["ongoing"] and (
            _SLOW.search(text) or _PAST_CONTEXT.search(text)
            or not has_object
        ):  # fmt: skip
            return None
    is_concrete = has_object or strong
    return Detection(tuple(cues), strong, is_concrete)
