"""Synthetic commitments and reminders in bulk, for benchmarks and load tests.

Rows are written with set-based SQL (`generate_series`), since a million ORM saves
would measure Python, not the sweep. PostgreSQL only.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import io
import itertools
import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User
from django.db import connection, transaction

from addresses.models import Address, Speaker
from addresses.segmentation import segment

# `_search_document`: the one definition of the search document, shared with the
# triggers it stands in for while the generator writes (`_search_triggers`).
from commitments.models import Commitment, Mention, _search_document
from tracking import demo
from tracking.reminders import ANALYSTS_GROUP


def analysts(count: int) -> list[int]:
    """Create `count` analysts in the analysts group; return their ids."""
    group, _ = Group.objects.get_or_create(name=ANALYSTS_GROUP)
    users = User.objects.bulk_create(
        User(username=f"synthetic-analyst-{n}", email=f"analyst{n}@example.org")
        for n in range(count)
    )
    group.user_set.add(*users)
    return [user.pk for user in users]


@transaction.atomic
def commitments(
    count: int,
    analyst_ids: list[int],
    *,
    first_deadline: dt.date,
    spread_days: int = 1000,
) -> None:
    """Add `count` open commitments, assigned round-robin, with deadlines spread
    evenly over `spread_days` from `first_deadline`."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO commitments_commitment
                (title, summary, area, type, actor, deadline, deadline_text, target,
                 status, assignee_id, is_published, first_made_on, version,
                 created_at, updated_at)
            SELECT 'Synthetic commitment ' || g, '', 'economy', 'other', '',
                   %s::date + (g %% %s), '', '', 'not_rated',
                   (%s::bigint[])[1 + g %% %s], true, DATE '2024-01-01', 1,
                   now(), now()
            FROM generate_series(1, %s) AS g
            """,
            [first_deadline, spread_days, analyst_ids, len(analyst_ids), count],
        )


@transaction.atomic
def future_reminders(after_id: int, *, per_commitment: int) -> None:
    """Give every commitment with id > `after_id` unsent reminders due later (the
    days after its deadline, which lies in the future)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO tracking_reminder
                (commitment_id, recipient_id, kind, due_at, next_attempt_at,
                 attempts, last_error, created_at)
            SELECT c.id, c.assignee_id, 'due_soon', at, at, 0, '', now()
            FROM commitments_commitment AS c,
                 LATERAL (
                     SELECT c.deadline::timestamptz + make_interval(days => n) AS at
                     FROM generate_series(1, %s) AS n
                 ) AS planned
            WHERE c.id > %s
            """,
            [per_commitment, after_id],
        )
        cursor.execute("ANALYZE tracking_reminder; ANALYZE commitments_commitment")


@transaction.atomic
def make_due(count: int, now: dt.datetime) -> None:
    """Move `count` unsent reminders to fall due now (an hour ago; a microsecond
    apart, so two rows of one commitment keep distinct keys)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE tracking_reminder
            SET due_at = %s - id * INTERVAL '1 microsecond', next_attempt_at = %s
            WHERE id IN (
                SELECT id FROM tracking_reminder
                WHERE sent_at IS NULL AND gave_up_at IS NULL AND next_attempt_at > %s
                ORDER BY id LIMIT %s
            )
            """,
            [
                now - dt.timedelta(hours=1),
                now - dt.timedelta(hours=1),
                now,
                count,
            ],
        )


@transaction.atomic
def clear_commitments() -> None:
    """Remove every commitment and what hangs on it (benchmark databases only)."""
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE commitments_commitment CASCADE")


# --- A whole record at scale: `manage.py generate_synthetic` -----------------------
#
# Everything below is drawn from one `random.Random(seed)` and anchored to the fixed
# dates here, never to today, so the same arguments give the same content in any
# database (only the ids differ).

SLUG_PREFIX = "synthetic-address-"
SPEAKER_PREFIX = "synthetic-speaker-"
ANALYST_PREFIX = "synthetic-rater-"
ANALYST_COUNT = 6
FIRST_DELIVERY = dt.date(2017, 1, 1)
LAST_DELIVERY = dt.date(2026, 6, 30)
# No rating or evidence is dated after this day, so every row stays valid (not in
# the future) for anyone loading it from late 2026 on.
LAST_RATING = dt.date(2026, 10, 31)
FIRST_DEADLINE_YEAR = 2018
LAST_DEADLINE_YEAR = 2028
ROWS_PER_COPY = 50_000

_SPEAKERS = [
    ("Aigerim Sadykova", "President"),
    ("Daniyar Omarov", "Prime Minister"),
    ("Saule Bekova", "Minister of Finance"),
    ("Marat Iskakov", "Minister of Education"),
    ("Gulnara Akhmetova", "Minister of Health"),
    ("Yerlan Tulegenov", "Mayor of the Capital"),
]
_TITLES = {
    "address": "Address to the Nation: {topic}",
    "speech": "Speech at the {venue} on {topic}",
    "interview": "Interview with {paper} on {topic}",
    "statement": "Statement on {topic}",
    "other": "Remarks on {topic}",
}
_TOPICS = [
    "a new economic course",
    "schools and hospitals",
    "the regions",
    "jobs and wages",
    "a fair state",
    "clean energy",
    "safe cities",
    "the digital state",
    "farming and water",
    "the budget for the coming years",
]
_VENUES = [
    "National Congress",
    "Foreign Investors Council",
    "Forum of Regions",
    "Union of Teachers",
    "Congress of Farmers",
    "Civil Forum",
]
_PAPERS = ["the Daily Herald", "National Radio", "Business Weekly", "Channel One"]

# (area, type, verb phrase, unit, actor): "The Government will build 300 schools".
_PROMISES = [
    ("education", "spending", "build", "schools", "the Ministry of Education"),
    ("education", "outcome", "raise teachers' pay for", "teachers", ""),
    ("health", "spending", "open", "rural clinics", "the Ministry of Health"),
    ("health", "outcome", "train", "new doctors", "medical universities"),
    ("housing", "spending", "build", "affordable flats", "the regional akimats"),
    ("economy", "outcome", "create", "new jobs", ""),
    ("economy", "procedural", "approve a plan for", "industrial zones", ""),
    ("industry", "spending", "modernise", "factories", "the Industry Fund"),
    ("agriculture", "spending", "irrigate", "hectares of farmland", ""),
    ("finance", "procedural", "cut red tape for", "small businesses", ""),
    ("regions", "spending", "repair", "kilometres of local roads", "the akimats"),
    ("social", "spending", "raise pensions for", "pensioners", ""),
    ("science", "spending", "fund", "research grants", "the Science Committee"),
    ("environment", "outcome", "plant", "trees", "the forestry service"),
    ("energy", "spending", "connect", "villages to gas", "the national gas company"),
    ("digital", "procedural", "move", "public services online", ""),
    ("law_enforcement", "institutional", "set up", "police service centres", ""),
    ("anti_corruption", "legislative", "pass", "anti-corruption laws", "Parliament"),
    ("public_administration", "institutional", "merge", "state agencies", ""),
    ("human_rights", "legislative", "adopt", "laws on peaceful assembly", ""),
    ("political_reform", "legislative", "amend", "articles of the Constitution", ""),
    ("foreign_policy", "procedural", "sign", "trade agreements", ""),
]
# How many of each a promise names (from, to).
_QUANTITIES = {
    "schools": (20, 500),
    "teachers": (5_000, 200_000),
    "rural clinics": (10, 300),
    "new doctors": (500, 10_000),
    "affordable flats": (10_000, 200_000),
    "new jobs": (10_000, 500_000),
    "industrial zones": (3, 30),
    "factories": (10, 200),
    "hectares of farmland": (50_000, 1_000_000),
    "small businesses": (10_000, 300_000),
    "kilometres of local roads": (500, 20_000),
    "pensioners": (100_000, 2_000_000),
    "research grants": (100, 2_000),
    "trees": (1_000_000, 2_000_000_000),
    "villages to gas": (50, 1_500),
    "public services online": (100, 900),
    "police service centres": (10, 200),
    "anti-corruption laws": (3, 12),
    "state agencies": (5, 40),
    "laws on peaceful assembly": (1, 3),
    "articles of the Constitution": (3, 50),
    "trade agreements": (2, 20),
}
# Skewed like a real record: economy, social and education promises dominate.
_PROMISE_WEIGHTS = [9, 6, 7, 5, 6, 9, 4, 3, 3, 4, 4, 6, 2, 2, 3, 3, 2, 2, 2, 1, 1, 1]
_SUBJECTS = ["The Government", "We", "The state", "My administration", "The Cabinet"]

_FILLER = [
    "Our country has come a long way since independence.",
    "Every family must feel the results of our reforms.",
    "We have listened carefully to the concerns of citizens.",
    "The world around us is changing quickly, and we must change with it.",
    "Growth last year was above the regional average.",
    "Prices for food and fuel remain a serious concern for many households.",
    "I thank the teachers, doctors and farmers who carried the country "
    "through difficult years.",
    "Investment in the regions is the foundation of a strong economy.",
    "Corruption undermines trust in the state and it will not be tolerated.",
    "We will be judged by results, not by announcements.",
    "The budget must be spent honestly and transparently.",
    "Young people need good jobs close to home.",
    "Our partners abroad see the country as a reliable place to invest.",
    "The reforms of the past year have begun to bear fruit.",
    "Water is becoming our most precious resource.",
    "Small businesses create most of the new jobs in the country.",
    "Public servants must work for the citizens, not the other way round.",
    "The pandemic showed the weaknesses of our health system.",
    "We cannot rely on oil and gas alone.",
    "Digital services already save citizens millions of hours each year.",
]
_HEADINGS = [
    "Economy and jobs",
    "Education",
    "Health",
    "A fair state",
    "The regions",
    "Social protection",
    "Energy and the environment",
    "Digital transformation",
]
_QUESTIONS = [
    "What are the Government's priorities for the coming years?",
    "Many people say reforms are too slow. What do you answer them?",
    "How will these plans be paid for?",
    "What about the regions far from the capital?",
    "When will citizens see the results?",
]
# Where rated commitments stand after their latest update, and before it.
_FINAL_STATUSES = [
    "in_progress",
    "stalled",
    "partially_achieved",
    "achieved",
    "broken",
    "unverifiable",
]
_FINAL_WEIGHTS = [40, 12, 14, 18, 10, 6]
_INTERIM_STATUSES = ["in_progress", "stalled"]
_INTERIM_WEIGHTS = [8, 2]
_NOTES = [
    "The ministry reported the first results.",
    "Funding was allocated in the budget law.",
    "Works began in several regions.",
    "The programme was approved by the Cabinet.",
    "Independent monitors confirmed the figures.",
    "No further progress was reported this quarter.",
    "The deadline passed without the promised result.",
    "Officials gave a progress report to Parliament.",
]
_EVIDENCE = [
    ("law_or_decree", "https://adilet.example.org/docs/{n}", "Decree No. {n}"),
    (
        "budget_or_statistics",
        "https://stat.example.org/releases/{n}",
        "Statistical release {n}",
    ),
    (
        "official_statement",
        "https://gov.example.org/press/{n}",
        "Government press release {n}",
    ),
    ("news_report", "https://news.example.org/articles/{n}", "News report {n}"),
]
_STALL_REASONS = ["no_funding", "no_legislative_support", "other"]


class SyntheticRefused(ValueError):
    """Arguments or a database that the generator will not write to."""


@dataclass(frozen=True)
class Summary:
    """Rows written, by table."""

    speakers: int
    addresses: int
    segments: int
    analysts: int
    commitments: int
    mentions: int
    candidates: int
    pending_candidates: int
    updates: int


@dataclass
class _Sentence:
    start: int
    end: int
    promise: tuple[str, str, str, str, str] | None = None
    target: str = ""
    deadline: dt.date | None = None
    deadline_text: str = ""


@dataclass
class _Address:
    index: int
    slug: str
    title: str
    kind: str
    speaker: int
    delivered_on: dt.date
    text: str
    sentences: list[_Sentence]
    promises: list[int]  # indexes into sentences
    created_at: dt.datetime
    pk: int = 0


def check_arguments(commitments: int, updates: int, addresses: int) -> None:
    """Raise `SyntheticRefused` for counts the generator cannot honour."""
    if commitments < 0 or updates < 0 or addresses < 0:
        raise SyntheticRefused("Counts cannot be negative.")
    if commitments > 0 and addresses < 1:
        raise SyntheticRefused("Commitments need at least one address to be made in.")
    if updates > 0 and commitments < 1:
        raise SyntheticRefused("Progress updates need at least one commitment.")


def generate(commitments: int, updates: int, addresses: int, seed: int) -> Summary:
    """Add a whole synthetic record (speeches, segments, extractions, commitments,
    mentions, candidates, progress updates) in one transaction, with COPY.

    PostgreSQL only. It adds to what is there, and refuses (`SyntheticRefused`) when
    synthetic speeches are already loaded, so it never doubles them. The search
    triggers are switched off while it writes and `search_vector` is filled
    set-based with the triggers' own document (`_search_triggers`); the commitment
    and mention tables stay locked until commit. Ends with ANALYZE of the tables it
    wrote.
    """
    check_arguments(commitments, updates, addresses)
    if connection.vendor != "postgresql":
        raise SyntheticRefused(
            "generate_synthetic needs PostgreSQL (it writes with COPY); "
            f"this database is {connection.vendor}."
        )
    rng = random.Random(seed)
    with transaction.atomic():
        if Address.objects.filter(slug__startswith=SLUG_PREFIX).exists():
            raise SyntheticRefused(
                "Synthetic data is already loaded (addresses named "
                f"{SLUG_PREFIX}…); generate into a fresh database."
            )
        return _Writer(rng, seed).write(commitments, updates, addresses)


class _Writer:
    def __init__(self, rng: random.Random, seed: int) -> None:
        self.rng = rng
        self.seed = seed

    def write(self, commitments: int, updates: int, address_count: int) -> Summary:
        _search_triggers("DISABLE")
        speakers = self._speakers()
        analyst_ids = self._analysts()
        addresses = [self._address(n, address_count) for n in range(address_count)]
        addresses.sort(key=lambda address: (address.delivered_on, address.index))
        segments = self._write_addresses(addresses, speakers)
        plans = self._plan_commitments(commitments, addresses, analyst_ids)
        rated = self._plan_updates(plans, updates, addresses, analyst_ids)
        mentions = self._write_mentions(plans, addresses)
        with connection.cursor() as cursor:
            # Fresh statistics, so the search documents below find each
            # commitment's quotes through the index, not by scanning every mention.
            cursor.execute("ANALYZE commitments_mention")
        self._write_commitments(plans)
        candidates, pending = self._write_candidates(plans, addresses, analyst_ids)
        self._write_updates(rated)
        _search_triggers("ENABLE")
        with connection.cursor() as cursor:
            for table in _TABLES:
                cursor.execute(f"ANALYZE {table}")
        return Summary(
            speakers=len(speakers),
            addresses=len(addresses),
            segments=segments,
            analysts=len(analyst_ids),
            commitments=len(plans),
            mentions=mentions,
            candidates=candidates,
            pending_candidates=pending,
            updates=updates,
        )

    # --- people -----------------------------------------------------------------

    def _speakers(self) -> list[tuple[int, str]]:
        speakers = Speaker.objects.bulk_create(
            Speaker(name=name, slug=f"{SPEAKER_PREFIX}{n}", role=role)
            for n, (name, role) in enumerate(_SPEAKERS)
        )
        return [(speaker.pk, speaker.name) for speaker in speakers]

    def _analysts(self) -> list[int]:
        """A handful of analysts who rate everything, in the group reminders go to,
        with the permissions the demo gives it (they may open the review page)."""
        group, _ = demo.ensure_groups()
        users = User.objects.bulk_create(
            User(
                username=f"{ANALYST_PREFIX}{n}",
                first_name=first,
                last_name="Analyst",
                email=f"rater{n}@example.org",
                # Nobody signs in as a synthetic analyst.
                password=make_password(None),
            )
            for n, first in enumerate(
                ["Asel", "Bolat", "Dana", "Erik", "Zhanna", "Timur"]
            )
        )
        group.user_set.add(*users)
        return [user.pk for user in users]

    # --- speeches ---------------------------------------------------------------

    def _address(self, n: int, count: int) -> _Address:
        rng = self.rng
        kind = rng.choices(
            ["speech", "address", "interview", "statement", "other"],
            weights=[45, 15, 20, 15, 5],
        )[0]
        speaker = rng.choices(range(len(_SPEAKERS)), weights=[8, 5, 3, 3, 3, 2])[0]
        delivered_on = FIRST_DELIVERY + dt.timedelta(
            days=rng.randrange((LAST_DELIVERY - FIRST_DELIVERY).days + 1)
        )
        topic = rng.choice(_TOPICS)
        title = _TITLES[kind].format(
            topic=topic, venue=rng.choice(_VENUES), paper=rng.choice(_PAPERS)
        )
        text, sentences = self._text(kind, delivered_on, rng.randint(3000, 8000))
        return _Address(
            index=n,
            slug=f"{SLUG_PREFIX}{n + 1}",
            title=title[:1].upper() + title[1:],
            kind=kind,
            speaker=speaker,
            delivered_on=delivered_on,
            text=text,
            sentences=sentences,
            promises=[i for i, s in enumerate(sentences) if s.promise is not None],
            created_at=_at(delivered_on + dt.timedelta(days=1), 6),
        )

    def _text(
        self, kind: str, delivered_on: dt.date, words: int
    ) -> tuple[str, list[_Sentence]]:
        """Paragraphs of filler and promise sentences (headings between sections;
        dashed question and answer turns in interviews), about `words` long."""
        rng = self.rng
        parts: list[str] = []
        sentences: list[_Sentence] = []
        length = 0
        written = 0

        def add(piece: str) -> None:
            nonlocal length
            parts.append(piece)
            length += len(piece)

        paragraph = 0
        while written < words:
            if paragraph:
                add("\n\n")
            if kind == "interview" and paragraph % 4 == 0:
                question = rng.choice(_QUESTIONS)
                add("– ")
                sentences.append(_Sentence(length, length + len(question)))
                add(question)
                written += len(question.split())
                paragraph += 1
                continue
            if kind != "interview" and paragraph % 8 == 0:
                add(rng.choice(_HEADINGS))
                paragraph += 1
                continue
            if kind == "interview" and paragraph % 4 == 1:
                add("– ")
            for position in range(rng.randint(3, 7)):
                if position:
                    add(" ")
                sentence = self._sentence(delivered_on)
                sentence.start = length
                body = self._sentence_text(sentence)
                sentence.end = length + len(body)
                sentences.append(sentence)
                add(body)
                written += len(body.split())
            paragraph += 1
        return "".join(parts), sentences

    def _sentence(self, delivered_on: dt.date) -> _Sentence:
        rng = self.rng
        if rng.random() >= 0.3:
            return _Sentence(0, 0)
        promise = rng.choices(_PROMISES, weights=_PROMISE_WEIGHTS)[0]
        low, high = _QUANTITIES.get(promise[3], (3, 300))
        amount = rng.randint(low, high)
        # Round as speeches do: "300 schools", "12,000 new jobs".
        amount = round(amount, -(len(str(amount)) - 2)) if amount >= 100 else amount
        target = f"{amount:,} {promise[3]}"
        sentence = _Sentence(0, 0, promise=promise, target=target)
        if rng.random() < 0.85:
            year = min(
                max(delivered_on.year + rng.randint(1, 5), FIRST_DEADLINE_YEAR),
                LAST_DEADLINE_YEAR,
            )
            sentence.deadline = dt.date(year, 12, 31)
            sentence.deadline_text = rng.choice(
                [f"by {year}", f"by the end of {year}", f"before the end of {year}"]
            )
        return sentence

    def _sentence_text(self, sentence: _Sentence) -> str:
        rng = self.rng
        if sentence.promise is None:
            return rng.choice(_FILLER)
        _, _, verb, _, actor = sentence.promise
        subject = actor if actor and rng.random() < 0.5 else rng.choice(_SUBJECTS)
        subject = subject[:1].upper() + subject[1:]
        when = f" {sentence.deadline_text}" if sentence.deadline_text else ""
        return f"{subject} will {verb} {sentence.target}{when}."

    def _write_addresses(
        self, addresses: list[_Address], speakers: list[tuple[int, str]]
    ) -> int:
        """Addresses, their segments as the importer cuts them, and a finished
        extraction each; return the number of segments."""
        for address, pk in zip(
            addresses, _reserve("addresses_address", len(addresses)), strict=True
        ):
            address.pk = pk
        _copy(
            "addresses_address",
            [
                "id",
                "title",
                "slug",
                "speaker_id",
                "kind",
                "delivered_on",
                "venue",
                "language",
                "source_url",
                "text",
                "sha256",
                "is_public",
                "created_by_id",
                "created_at",
            ],
            (
                (
                    a.pk,
                    a.title,
                    a.slug,
                    speakers[a.speaker][0],
                    a.kind,
                    a.delivered_on,
                    _VENUES[a.index % len(_VENUES)],
                    "en",
                    f"https://example.org/speeches/{a.slug}",
                    a.text,
                    hashlib.sha256(a.text.encode("utf-8")).hexdigest(),
                    True,
                    None,
                    a.created_at,
                )
                for a in addresses
            ),
        )
        return _copy(
            "addresses_segment",
            ["address_id", "position", "start", "end", "kind", "speaker_label"],
            (
                (a.pk, position, span.start, span.end, span.kind, span.speaker_label)
                for a in addresses
                for position, span in enumerate(
                    segment(a.text, kind=a.kind, interviewee=speakers[a.speaker][1]),
                    start=1,
                )
            ),
        )

    # --- commitments --------------------------------------------------------------

    def _plan_commitments(
        self, count: int, addresses: list[_Address], analyst_ids: list[int]
    ) -> list[_Commitment]:
        """Each made in one address (busy speeches get more), restated in up to two
        later ones."""
        rng = self.rng
        weights = [
            len(a.promises) * rng.lognormvariate(0, 0.7) if a.promises else 0.0
            for a in addresses
        ]
        if count and not any(weights):
            raise SyntheticRefused("The addresses hold no promises to track.")
        cumulative = list(itertools.accumulate(weights))
        originals = rng.choices(range(len(addresses)), cum_weights=cumulative, k=count)
        ids = _reserve("commitments_commitment", count)
        plans: list[_Commitment] = []
        for pk, where in zip(ids, originals, strict=True):
            address = addresses[where]
            spot = rng.choice(address.promises)
            sentence = address.sentences[spot]
            assert sentence.promise is not None
            area, type_, verb, _, actor = sentence.promise
            made_on = address.delivered_on
            created_at = _at(made_on + dt.timedelta(days=rng.randint(1, 60)), 9)
            created_at += dt.timedelta(seconds=rng.randrange(9 * 3600))
            title = f"{verb[:1].upper()}{verb[1:]} {sentence.target}"
            if sentence.deadline_text:
                title += f" {sentence.deadline_text}"
            plan = _Commitment(
                pk=pk,
                title=title,
                summary=(
                    f"Promised in “{address.title}”: {verb} {sentence.target}."
                    if rng.random() < 0.3
                    else ""
                ),
                area=area if rng.random() < 0.95 else "",
                type=type_,
                actor=actor[:1].upper() + actor[1:] if rng.random() < 0.7 else "",
                deadline=sentence.deadline,
                deadline_text=sentence.deadline_text,
                target=sentence.target if rng.random() < 0.8 else "",
                assignee=rng.choice(analyst_ids) if rng.random() < 0.85 else None,
                is_published=rng.random() < 0.9,
                first_made_on=made_on,
                created_at=created_at,
                mentions=[(where, spot, "original", created_at)],
            )
            extra = rng.choices([0, 1, 2], weights=[60, 30, 10])[0]
            later = range(where + 1, len(addresses))
            for other in rng.sample(later, min(extra, len(later))):
                restated_in = addresses[other]
                if restated_in.delivered_on == made_on or not restated_in.promises:
                    continue
                linked_at = max(
                    created_at,
                    restated_in.created_at + dt.timedelta(days=rng.randint(1, 20)),
                )
                plan.mentions.append(
                    (other, rng.choice(restated_in.promises), "restated", linked_at)
                )
            plans.append(plan)
        return plans

    def _write_mentions(
        self, plans: list[_Commitment], addresses: list[_Address]
    ) -> int:
        # Before the commitments: their insert trigger reads these quotes into the
        # search vector (the foreign key is checked at commit).
        def rows() -> Iterator[tuple[object, ...]]:
            for plan in plans:
                for where, spot, kind, linked_at in plan.mentions:
                    address = addresses[where]
                    sentence = address.sentences[spot]
                    yield (
                        plan.pk,
                        address.pk,
                        sentence.start,
                        sentence.end,
                        address.text[sentence.start : sentence.end],
                        kind,
                        sentence.deadline,
                        sentence.deadline_text,
                        sentence.target,
                        linked_at,
                    )

        return _copy(
            "commitments_mention",
            [
                "commitment_id",
                "address_id",
                "start",
                "end",
                "quote",
                "kind",
                "deadline",
                "deadline_text",
                "target",
                "created_at",
            ],
            rows(),
        )

    def _write_commitments(self, plans: list[_Commitment]) -> None:
        """Through a temporary table, so each row is inserted once with the search
        document the disabled trigger would have written (`_search_document`)."""
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMPORARY TABLE synthetic_commitment "
                "(LIKE commitments_commitment) ON COMMIT DROP"
            )
        _copy(
            "synthetic_commitment",
            _COMMITMENT_COLUMNS,
            (
                (
                    p.pk,
                    p.title,
                    p.summary,
                    p.area,
                    p.type,
                    p.actor,
                    p.deadline,
                    p.deadline_text,
                    p.target,
                    p.status,
                    p.status_changed_at,
                    p.assignee,
                    p.is_published,
                    p.first_made_on,
                    p.version,
                    p.created_at,
                    p.status_changed_at or p.created_at,
                    p.last_progress_at,
                )
                for p in plans
            ),
        )
        names = ", ".join(f'"{column}"' for column in _COMMITMENT_COLUMNS)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO commitments_commitment ({names}, search_vector) "  # noqa: S608 -- constants
                f"SELECT {names}, {_search_document('c')} FROM synthetic_commitment c"
            )
            cursor.execute("DROP TABLE synthetic_commitment")

    def _write_candidates(
        self,
        plans: list[_Commitment],
        addresses: list[_Address],
        analyst_ids: list[int],
    ) -> tuple[int, int]:
        """The accepted candidate behind each commitment, a review queue of 20-50
        pending ones in a few addresses, and each address's finished extraction;
        return (all candidates, pending ones)."""
        rng = self.rng
        per_address = [0] * len(addresses)
        used: list[set[int]] = [set() for _ in addresses]
        rows: list[tuple[object, ...]] = []
        for plan in plans:
            where, spot, _, _ = plan.mentions[0]
            address = addresses[where]
            sentence = address.sentences[spot]
            used[where].add(spot)
            per_address[where] += 1
            rows.append(
                self._candidate(
                    address,
                    sentence,
                    "accepted",
                    plan.pk,
                    plan.assignee or analyst_ids[0],
                    plan.created_at,
                )
            )
        # The first speech always has a queue, of the same length at every size, so
        # that the benchmark's review page compares like with like.
        extra = max(0, round(len(addresses) / 40) - 1)
        others = rng.sample(range(1, len(addresses)), extra)
        pending = 0
        for where in [0, *sorted(others)]:
            address = addresses[where]
            fresh = [i for i in address.promises if i not in used[where]]
            spare = [i for i in range(len(address.sentences)) if i not in used[where]]
            pool = fresh if len(fresh) >= 50 else spare
            own = random.Random(f"{self.seed}:queue:{where}")
            spots = sorted(own.sample(pool, min(own.randint(20, 50), len(pool))))
            for spot in spots:
                rows.append(
                    self._candidate(address, address.sentences[spot], "pending")
                )
            per_address[where] += len(spots)
            pending += len(spots)
        total = _copy(
            "commitments_candidate",
            [
                "address_id",
                "start",
                "end",
                "quote",
                "tier",
                "deadline",
                "deadline_text",
                "target",
                "actor",
                "area",
                "type",
                "speaker",
                "confidence",
                "cues",
                "state",
                "commitment_id",
                "reviewer_id",
                "reviewed_at",
                "rejection_reason",
                "added_by_id",
                "created_at",
            ],
            rows,
        )
        _copy(
            "commitments_extraction",
            [
                "address_id",
                "state",
                "runs",
                "queued_at",
                "started_at",
                "finished_at",
                "candidates",
                "error",
                "created_at",
            ],
            (
                (
                    a.pk,
                    "done",
                    1,
                    a.created_at + dt.timedelta(seconds=1),
                    a.created_at + dt.timedelta(seconds=3),
                    _extracted_at(a),
                    per_address[n],
                    "",
                    a.created_at,
                )
                for n, a in enumerate(addresses)
            ),
        )
        return total, pending

    def _candidate(
        self,
        address: _Address,
        sentence: _Sentence,
        state: str,
        commitment: int | None = None,
        reviewer: int | None = None,
        reviewed_at: dt.datetime | None = None,
    ) -> tuple[object, ...]:
        area, type_, _, _, actor = sentence.promise or ("", "other", "", "", "")
        return (
            address.pk,
            sentence.start,
            sentence.end,
            address.text[sentence.start : sentence.end],
            "core" if sentence.promise else "soft",
            sentence.deadline,
            sentence.deadline_text,
            sentence.target,
            actor,
            area,
            type_,
            "speaker",
            round(self.rng.uniform(0.55, 0.99), 3),
            "[]",
            state,
            commitment,
            reviewer,
            reviewed_at,
            "",
            None,
            _extracted_at(address),
        )

    # --- progress -----------------------------------------------------------------

    def _plan_updates(
        self,
        plans: list[_Commitment],
        count: int,
        addresses: list[_Address],
        analyst_ids: list[int],
    ) -> list[tuple[_Commitment, list[tuple[object, ...]]]]:
        """Spread `count` updates over about 55% of the commitments (a few get many),
        and set each commitment's status, version and times from its own updates."""
        rng = self.rng
        if not count:
            return []
        rated_count = min(count, max(1, round(len(plans) * 0.55)))
        rated = sorted(rng.sample(range(len(plans)), rated_count))
        per = [1] * rated_count
        weights = list(
            itertools.accumulate(rng.paretovariate(1.6) for _ in range(rated_count))
        )
        for slot in rng.choices(
            range(rated_count), cum_weights=weights, k=count - rated_count
        ):
            per[slot] += 1
        deliveries = [a.delivered_on for a in addresses]
        end = _at(LAST_RATING, 12)
        result = []
        for slot, index in enumerate(rated):
            plan = plans[index]
            start = plan.created_at + dt.timedelta(days=1)
            span = int((end - start).total_seconds())
            offsets = sorted(rng.sample(range(span), per[slot]))
            final = rng.choices(_FINAL_STATUSES, weights=_FINAL_WEIGHTS)[0]
            rows: list[tuple[object, ...]] = []
            status = "not_rated"
            for position, offset in enumerate(offsets):
                rated_at = start + dt.timedelta(seconds=offset)
                if position == len(offsets) - 1:
                    new_status = final
                else:
                    new_status = rng.choices(
                        _INTERIM_STATUSES, weights=_INTERIM_WEIGHTS
                    )[0]
                if new_status != status:
                    status = new_status
                    plan.status = status
                    plan.status_changed_at = rated_at
                    plan.version += 1
                rows.append(
                    self._update(
                        plan, status, rated_at, addresses, deliveries, analyst_ids
                    )
                )
            plan.last_progress_at = start + dt.timedelta(seconds=offsets[-1])
            result.append((plan, rows))
        return result

    def _update(
        self,
        plan: _Commitment,
        status: str,
        rated_at: dt.datetime,
        addresses: list[_Address],
        deliveries: list[dt.date],
        analyst_ids: list[int],
    ) -> tuple[object, ...]:
        """One update that `tracking.services.record_progress_update` would accept:
        checkable evidence for verdicts, a reason only for stalled or broken,
        evidence dated between the promise and the rating."""
        rng = self.rng
        rated_on = rated_at.date()
        reason = rng.choice(_STALL_REASONS) if status in ("stalled", "broken") else ""
        author = plan.assignee if plan.assignee and rng.random() < 0.8 else None
        author = author or rng.choice(analyst_ids)
        note = rng.choice(_NOTES)
        # A later speech, delivered after the promise and by the rating.
        first = bisect.bisect_right(deliveries, plan.first_made_on)
        last = bisect.bisect_right(deliveries, rated_on)
        if first < last and rng.random() < 0.05:
            address = addresses[rng.randrange(first, last)]
            sentence = rng.choice(address.sentences)
            return (
                plan.pk,
                author,
                status,
                note,
                "later_speech",
                "",
                "",
                address.delivered_on,
                address.pk,
                sentence.start,
                sentence.end,
                reason,
                rated_at,
            )
        needs_link = status in ("achieved", "partially_achieved", "broken")
        if not needs_link and rng.random() < 0.25:
            return (
                plan.pk,
                author,
                status,
                note,
                "other",
                "",
                "",
                None,
                None,
                None,
                None,
                reason,
                rated_at,
            )
        kind, url, title = rng.choice(_EVIDENCE)
        number = rng.randrange(10_000, 1_000_000)
        evidence_on = max(
            plan.first_made_on, rated_on - dt.timedelta(days=rng.randint(0, 30))
        )
        return (
            plan.pk,
            author,
            status,
            note,
            kind,
            url.format(n=number),
            title.format(n=number),
            evidence_on,
            None,
            None,
            None,
            reason,
            rated_at,
        )

    def _write_updates(
        self, rated: list[tuple[_Commitment, list[tuple[object, ...]]]]
    ) -> None:
        _copy(
            "tracking_progressupdate",
            [
                "commitment_id",
                "author_id",
                "status",
                "note",
                "evidence_kind",
                "evidence_url",
                "evidence_title",
                "evidence_on",
                "evidence_address_id",
                "evidence_start",
                "evidence_end",
                "reason",
                "created_at",
            ],
            (row for _, rows in rated for row in rows),
        )


@dataclass
class _Commitment:
    pk: int
    title: str
    summary: str
    area: str
    type: str
    actor: str
    deadline: dt.date | None
    deadline_text: str
    target: str
    assignee: int | None
    is_published: bool
    first_made_on: dt.date
    created_at: dt.datetime
    # (address index, sentence index, mention kind, linked at)
    mentions: list[tuple[int, int, str, dt.datetime]]
    status: str = "not_rated"
    status_changed_at: dt.datetime | None = None
    last_progress_at: dt.datetime | None = None
    version: int = 1


_COMMITMENT_COLUMNS = [
    "id",
    "title",
    "summary",
    "area",
    "type",
    "actor",
    "deadline",
    "deadline_text",
    "target",
    "status",
    "status_changed_at",
    "assignee_id",
    "is_published",
    "first_made_on",
    "version",
    "created_at",
    "updated_at",
    "last_progress_at",
]


def _search_triggers(action: str) -> None:
    """DISABLE or ENABLE the per-row triggers that keep `search_vector`.

    Each call of a pgtrigger trigger opens a subtransaction (its ignore check has
    an EXCEPTION block); hundreds of thousands of them in one transaction made a
    load take six minutes instead of one. The generator writes the same document
    set-based instead. ALTER TABLE locks both tables until commit, and cannot run
    while deferred foreign-key checks are pending, so those are checked first.
    """
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for model in (Commitment, Mention):
            # pgtrigger adds `triggers` to Meta; django-stubs cannot know it.
            for trigger in model._meta.triggers:  # type: ignore[union-attr]
                cursor.execute(
                    f"ALTER TABLE {model._meta.db_table} "
                    f"{action} TRIGGER {trigger.get_pgid(model)}"
                )
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


_TABLES = [
    "auth_user",
    "addresses_speaker",
    "addresses_address",
    "addresses_segment",
    "commitments_extraction",
    "commitments_commitment",
    "commitments_mention",
    "commitments_candidate",
    "tracking_progressupdate",
]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)


def _extracted_at(address: _Address) -> dt.datetime:
    return address.created_at + dt.timedelta(seconds=40)


def _reserve(table: str, count: int) -> list[int]:
    """Take `count` ids from the table's sequence, so rows can name each other
    before they are written."""
    if not count:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
            "FROM generate_series(1, %s)",
            [table, count],
        )
        return sorted(row[0] for row in cursor.fetchall())


_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_value(value: object) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, str):
        return value.translate(_ESCAPES)
    if isinstance(value, dt.date):  # dates and datetimes
        return value.isoformat()
    return str(value)


def _copy(table: str, columns: list[str], rows: Iterable[Sequence[object]]) -> int:
    """COPY `rows` into `table` in chunks of ROWS_PER_COPY; return how many."""
    names = ", ".join(f'"{column}"' for column in columns)
    sql = f"COPY {table} ({names}) FROM STDIN"
    count = 0
    buffer = io.StringIO()
    with connection.cursor() as cursor:
        for row in rows:
            buffer.write("\t".join(map(_copy_value, row)))
            buffer.write("\n")
            count += 1
            if count % ROWS_PER_COPY == 0:
                buffer.seek(0)
                cursor.cursor.copy_expert(sql, buffer)
                buffer = io.StringIO()
        if buffer.tell():
            buffer.seek(0)
            cursor.cursor.copy_expert(sql, buffer)
    return count
