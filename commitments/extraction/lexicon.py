"""Word lists for commitment detection, with the inflected forms of their verbs.

Kept apart from the rules so that each list can be read (and argued about) on its
own. They describe general English commitment language, not any one speech.
"""

from __future__ import annotations

import re

# Past participles and past forms that do not follow the "-ed" rule.
_IRREGULAR = {
    "begin": ("began", "begun"), "bring": ("brought",), "build": ("built",),
    "buy": ("bought",), "cut": ("cut",), "draw": ("drew", "drawn"),
    "give": ("gave", "given"), "hold": ("held",), "keep": ("kept",),
    "lay": ("laid",), "lead": ("led",), "make": ("made",), "pay": ("paid",),
    "put": ("put",), "rebuild": ("rebuilt",), "sell": ("sold",), "send": ("sent",),
    "set": ("set",), "spend": ("spent",), "take": ("took", "taken"),
    "undertake": ("undertook", "undertaken"), "write": ("wrote", "written"),
    "bear": ("bore", "borne"), "become": ("became",), "grow": ("grew", "grown"),
    "choose": ("chose", "chosen"), "seek": ("sought",), "withdraw": ("withdrew",
    "withdrawn"), "overtake": ("overtook", "overtaken"), "win": ("won",),
    "run": ("ran",), "lift": ("lifted",), "hire": ("hired",),
    "meet": ("met",), "stand": ("stood",),
}  # fmt: skip


# Verbs that double their final consonant before -ed/-ing (stress on the last
# syllable); short one-syllable verbs are caught by the rule below.
_DOUBLING = frozenset(
    {"transfer", "refer", "prefer", "commit", "submit", "equip", "control", "patrol",
     "compel", "propel", "omit", "permit", "admit", "plan", "ban", "cap", "stop",
     "scrap", "step", "regret", "allot", "abet", "expel", "rebel", "format", "dispel"}
)  # fmt: skip


def inflections(verb: str) -> set[str]:
    """Return the forms of a (possibly phrasal) verb: base, -s, -ed, -ing, irregular."""
    head, _, rest = verb.partition(" ")
    tail = f" {rest}" if rest else ""
    forms = {head}
    if head.endswith(("s", "x", "z", "ch", "sh")):
        forms.add(head + "es")
    elif head.endswith("y") and head[-2:-1] not in "aeiou":
        forms.add(head[:-1] + "ies")
    else:
        forms.add(head + "s")
    if head in _IRREGULAR:
        forms.update(_IRREGULAR[head])
    if head.endswith("e"):
        forms.update({head + "d", head[:-1] + "ing"})
    elif head.endswith("y") and head[-2:-1] not in "aeiou":
        forms.update({head[:-1] + "ied", head + "ing"})
    else:
        forms.update({head + "ed", head + "ing"})
        # Double a final consonant after a single stressed vowel (plan → planned).
        if head in _DOUBLING or (
            re.search(r"[^aeiou][aeiou][bdgmnpt]$", head) and len(head) <= 4
        ):
            forms.update({head + head[-1] + "ed", head + head[-1] + "ing"})
    if head.endswith("ise"):
        forms |= inflections(head[:-3] + "ize")
    return {form + tail for form in forms}


def verb_forms(verbs: frozenset[str]) -> frozenset[str]:
    """Return every inflected form of `verbs`, lower-case; phrasal ones keep a space."""
    forms: set[str] = set()
    for verb in verbs:
        forms |= inflections(verb)
    return frozenset(forms)


# Verbs whose doing can be checked afterwards: a law passed, a body created, money
# allocated, a number reached. They make an obligation or a future a commitment.
ACTION_VERBS = frozenset(
    {
        "abolish", "accede", "accelerate", "adopt", "allocate", "amend", "apply",
        "approve", "assign", "ban", "bring forward", "bring in", "build", "cancel",
        "centralise", "chair", "close", "commission", "complete", "conduct",
        "construct", "convene", "create", "criminalise", "cut", "decriminalise",
        "deliver", "deploy", "develop", "digitalise", "digitise", "double", "draft",
        "draw up", "elect", "eliminate", "empower", "enact", "equip", "establish",
        "expand", "extend", "finalise", "finance", "form", "freeze", "fund", "grant",
        "halve", "hold", "host", "implement", "increase", "index", "install",
        "institute", "introduce", "invest", "issue", "launch", "legislate", "lower",
        "merge", "modernise", "nationalise", "open", "organise", "pass", "pay",
        "plant", "prepare", "privatise", "prohibit", "provide", "publish", "raise",
        "ratify", "rebuild", "recreate", "reduce", "reform", "regulate",
        "reconstruct", "reorganise", "reorient", "replace", "resume", "restore",
        "restrict", "revise", "review", "scrap", "set up", "sign", "simplify",
        "streamline", "submit", "subsidise", "suspend", "tighten", "toughen",
        "transfer", "triple", "unite", "update", "upgrade", "write off", "train",
        "recruit", "hire", "renovate", "repair", "lift", "remove", "abandon",
        "decide", "offer", "guarantee", "sell", "accept", "study", "keep",
        "recover", "transition", "release", "reconsider", "broadcast", "connect",
        "supply", "stop", "exempt", "waive", "cap", "decrease", "treble",
        "enshrine", "codify", "oblige", "entitle", "designate", "appoint",
        "withdraw", "join", "transform", "liquidate", "separate", "identify",
        "define", "provide for", "carry out", "direct", "redirect",
        "channel", "manufacture", "produce", "impose", "accompany", "undergo",
        "go through", "receive", "table", "digitize",
        "legalise", "outlaw", "criminalize", "localise", "electrify", "vaccinate",
        "insure", "compensate", "reimburse", "relocate", "resettle", "demolish",
        "dismantle", "rename", "register", "license", "certify", "audit",
        "inspect", "investigate", "prosecute",
        # general policy verbs of budgets, programmes and legislation
        "spend", "employ", "set aside", "hand over", "hand back", "irrigate",
        "balance", "require", "phase out", "phase in", "roll out", "devolve",
        "decentralise", "ring-fence", "procure", "purchase", "buy", "distribute",
        "widen", "pave", "retrofit", "insulate", "refurbish", "quadruple",
        "enforce", "harmonise", "standardise", "present", "conclude", "dispatch",
        "enrol", "enroll", "add", "renationalise", "recapitalise", "unveil",
        "station", "acquire", "disburse", "earmark", "levy", "franchise",
        "reinstate", "rehabilitate", "resurface", "computerise", "automate",
        "clear", "settle", "repay", "pay off", "narrow", "end", "match",
        "pilot", "defer", "adjust", "combine", "consolidate", "integrate",
    }
)  # fmt: skip

# Verbs of a real but vague undertaking ("strengthen", "support"): a sentence built
# on one of them is at most a soft commitment unless it has a number or a deadline.
SOFT_VERBS = frozenset(
    {
        "strengthen", "support", "improve", "promote", "encourage", "maintain",
        "continue", "pay", "use", "make use", "take", "work out", "deal",
        "address", "tackle", "prioritise", "attract", "stimulate", "motivate",
        "diversify", "involve", "change", "enhance", "protect", "facilitate",
        "foster", "expand", "intensify", "monitor", "control", "combat", "fight",
        "invest", "help", "assist", "enable", "bring", "put", "do", "consider",
        "think", "redouble", "step up", "uphold", "safeguard", "secure", "defend",
        "advance", "pursue", "deepen", "reinforce", "restructure", "rethink",
        "overhaul", "accelerate", "optimise", "give", "make", "resolve", "solve",
        "abandon", "strive", "move", "grow", "become", "drive",
        "maximise", "boost", "finish", "achieve", "reach", "exceed", "start",
        "begin", "ensure", "work", "hold",
        "conduct", "step", "lay", "modernize", "prioritize", "optimize",
        "attain", "meet", "place", "stand", "announce",
        "report", "consult", "negotiate", "scale up",
        "expedite", "speed up", "shorten", "limit", "lead", "champion",
        "harness", "unlock", "prevent", "reward", "get",
    }
)  # fmt: skip

# Nouns of a concrete deliverable: naming one makes a commitment checkable (core).
DELIVERABLES = (
    r"(?:law|laws|code|bill|bills|act|legislation|legislative|amendments?|"
    r"regulations?|regulatory\s+framework|decree|programmes?|programs?|plan|project|"
    r"projects|strategy|concept|agency|committee|council|commission|ministry|fund|"
    r"bank|institution|institute|centres?|centers?|platform|database|register|"
    r"portal|budget|tax|taxes|subsid(?:y|ies)|grants?|loans?|salar(?:y|ies)|wages?|"
    r"pensions?|benefits?|payments?|allowances?|quotas?|hospitals?|schools?|"
    r"kindergartens?|roads?|railways?|facilit(?:y|ies)|referendum|elections?|"
    r"summits?|forum|meeting|campaign|moratorium|restrictions?|ban|penalt(?:y|ies)|"
    r"liability|tariffs?|procedure|standards?|rules|package|voucher|"
    r"trees|model|mechanism|system|scheme|protocol|convention|treaty|"
    r"agreement|broadcasts?|certificates?|inspections?|tender|privatisation|"
    r"reform|census|corridor|pipeline|plant|plants|stations?|airport|port|bridge|"
    r"houses|homes|housing|apartments|jobs|places|beds|clinics?|universit(?:y|ies)|"
    r"scholarships?|stipends?|mandatory|obligatory|legally)"
)


def _expand(alternation: str) -> frozenset[str]:
    """Spell out a simple alternation such as "programmes?|subsid(?:y|ies)"."""
    words: set[str] = set()
    body = alternation[3:-1]  # strip "(?:" and ")"
    for part in re.split(r"\|(?![^()]*\))", body):
        part = part.replace(r"\s+", " ")
        options = [""]
        for piece in re.findall(r"\(\?:[^)]*\)\??|[^(]", part):
            if piece.startswith("(?:"):
                inner = piece[3:].rstrip("?").rstrip(")").split("|")
                if piece.endswith("?"):
                    inner.append("")
                options = [o + i for o in options for i in inner]
            elif piece == "?":
                options = options + [o[:-1] for o in options]
            else:
                options = [o + piece for o in options]
        words.update(options)
    return frozenset(w for w in words if w)


DELIVERABLE_WORDS = _expand(DELIVERABLES)

# Things a state body can be: words that make "X must be Y" a description.
COPULAR_ADJECTIVES = (
    r"(?:ready|united|prepared\s+for|mindful|frank|clear|careful|honest|open|proud|"
    r"vigilant|aware|independent|accessible|authoritative|specific|realistic|effective|efficient|"
    r"transparent|fair|strong|responsible|professional|disciplined|focused|"
    r"a\s+priority|the\s+priority|our\s+priority|highly|based|guided|aware|wary|patient|consistent|remembered|understood|"
    r"perceived|noted|emphasised|emphasized|stressed|recalled|a\s+\w+\s+example)"
)
