"""The scoreboard at `/`: its figures, the lists they link to, published data only,
progress over time from the update history, narrowing, and the text alternatives."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
import time_machine

from dashboard.scoreboard import Breakdown, Scoreboard
from tests.dashboard.helpers import published
from tests.factories import AddressFactory, SpeakerFactory, UserFactory
from tracking import services as tracking_services
from tracking.models import EvidenceKind

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 15, 9, 0, tzinfo=dt.UTC)
TODAY = NOW.date()
HOME = "/"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


def log(commitment, status: str, at: dt.datetime, **fields) -> None:
    evidence = dict(fields.pop("evidence", {}))
    # The rating rules: a verdict rests on a link, a stall or failure has a reason.
    if status in tracking_services.STALLED_OR_BROKEN:
        fields.setdefault("reason", "no_funding")
    checkable = evidence.get("url") or evidence.get("address")
    if status in tracking_services.NEEDS_CHECKABLE_EVIDENCE and not checkable:
        evidence["url"] = "https://example.org/evidence"
    with time_machine.travel(at, tick=False):
        tracking_services.record_progress_update(
            commitment.pk,
            author=UserFactory(),
            status=status,
            evidence=tracking_services.Evidence(
                kind=evidence.pop("kind", EvidenceKind.OTHER), **evidence
            ),
            **fields,
        )


def board(client, query: str = "") -> Scoreboard:
    response = client.get(HOME + query)
    assert response.status_code == 200
    return response.context["board"]


def listed(client, url: str) -> int:
    """How many commitments the public list at `url` counts."""
    response = client.get(url)
    assert response.status_code == 200
    return response.context["page_obj"].paginator.count


def every_figure(scoreboard: Scoreboard) -> list[tuple[str, int, str]]:
    """(what, count, url) of every linked figure on the scoreboard."""
    figures = [
        ("total", scoreboard.total.count, scoreboard.total.url),
        ("overdue", scoreboard.overdue.count, scoreboard.overdue.url),
        ("due soon", scoreboard.due_soon.count, scoreboard.due_soon.url),
        ("updated", scoreboard.updated_recently.count, scoreboard.updated_recently.url),
    ]
    figures += [
        (figure.status, figure.count, figure.url) for figure in scoreboard.statuses
    ]
    rows: list[Breakdown] = [*scoreboard.areas, *scoreboard.speeches, *scoreboard.years]
    for row in rows:
        if row.url is None:
            continue
        figures.append((row.name, row.total, row.url))
        figures += [
            (f"{row.name} {cell.status}", cell.count, cell.url) for cell in row.cells
        ]
    return figures


def a_record():
    """Eight published commitments in two speeches by one speaker, a third speech by
    another, and an unpublished commitment that must change nothing."""
    speaker = SpeakerFactory(name="Aigerim Sadykova")
    first = AddressFactory(
        speaker=speaker, title="Address 2020", delivered_on=dt.date(2020, 9, 1)
    )
    later = AddressFactory(
        speaker=speaker, title="Interview 2024", delivered_on=dt.date(2024, 3, 1)
    )
    other = AddressFactory(title="Someone else", delivered_on=dt.date(2022, 1, 1))
    made = {
        "schools": published(
            "Build schools",
            address=first,
            status="achieved",
            area="education",
            deadline=dt.date(2021, 12, 31),
        ),
        "clinics": published(
            "Open clinics",
            address=first,
            status="in_progress",
            area="health",
            deadline=dt.date(2025, 12, 31),  # overdue
        ),
        "nurses": published(
            "Train nurses",
            address=first,
            status="not_rated",
            area="health",
            deadline=TODAY + dt.timedelta(days=30),  # due soon
        ),
        "roads": published(
            "Repair roads",
            address=first,
            status="broken",
            area="regions",
            deadline=dt.date(2022, 6, 30),
        ),
        "water": published(
            "Pipe water",
            address=later,
            status="stalled",
            area="regions",
            deadline=TODAY + dt.timedelta(days=200),
        ),
        "courts": published(
            "Reform courts",
            address=later,
            status="partially_achieved",
            area="",
        ),
        "census": published(
            "Hold a census",
            address=other,
            status="unverifiable",
            area="economy",
            deadline=dt.date(2021, 12, 31),
        ),
        "grants": published(
            "Fund grants",
            address=other,
            status="in_progress",
            area="education",
            deadline=TODAY + dt.timedelta(days=90),  # due soon, on the last day
        ),
    }
    published(
        "A hidden promise about water",
        address=first,
        status="in_progress",
        area="health",
        deadline=dt.date(2024, 1, 1),
        is_published=False,
    )
    return speaker, first, later, made


# ------------------------------------------------------------ counts and links


def test_counts_by_status_overdue_and_due_soon(client):
    a_record()

    scoreboard = board(client)

    assert scoreboard.total.count == 8
    assert scoreboard.speech_count == 3
    assert {figure.status: figure.count for figure in scoreboard.statuses} == {
        "achieved": 1,
        "partially_achieved": 1,
        "in_progress": 2,
        "stalled": 1,
        "broken": 1,
        "unverifiable": 1,
        "not_rated": 1,
    }
    assert [figure.share for figure in scoreboard.statuses][:3] == [12, 12, 25]
    assert scoreboard.overdue.count == 1  # the clinics; achieved/broken are final
    assert scoreboard.due_soon.count == 2  # nurses and grants; not the water
    assert scoreboard.updated_recently.count == 0


def test_every_figure_links_to_a_list_that_counts_the_same(client):
    _, _, _, made = a_record()
    log(made["schools"], "in_progress", NOW - dt.timedelta(days=200))
    log(made["schools"], "achieved", NOW - dt.timedelta(days=20))
    scoreboard = board(client)

    figures = every_figure(scoreboard)

    assert len(figures) > 40
    wrong = [
        f"{what}: {count} on the scoreboard, {listed(client, url)} at {url}"
        for what, count, url in figures
        if listed(client, url) != count
    ]
    assert not wrong, "\n".join(wrong)


def test_figures_are_links_in_the_page(client):
    a_record()

    html = client.get(HOME).content.decode()

    assert '<a href="/commitments/?status=in_progress"><strong>2</strong></a>' in html
    assert '<a href="/commitments/?overdue=true"><strong>1</strong> overdue</a>' in html
    due = re.search(r'<a href="([^"]+)"><strong>2</strong> due in the next 90', html)
    assert due is not None
    assert unescape(due[1]) == (
        "/commitments/?status=not_rated&status=in_progress&status=stalled"
        "&deadline_after=2026-06-15&deadline_before=2026-09-13"
    )
    assert '<a href="/commitments/?area=health">Health</a>' in html
    assert "<strong>8</strong> commitments</a> tracked from" in html
    assert 'as of <time datetime="2026-06-15">15 Jun 2026</time>' in html


def test_by_speech_and_deadlines_by_year(client):
    _, first, later, made = a_record()
    # Restated in the interview: it counts there too, as the list's speech filter does.
    published_later = made["schools"]
    from commitments.models import Mention

    original = published_later.mentions.get()
    Mention.objects.create(
        commitment=published_later,
        address=later,
        start=later.text.index("Dear"),
        end=later.text.index("Dear") + 4,
        quote="Dear",
        kind="restated",
    )
    scoreboard = board(client)

    speeches = {row.name: row for row in scoreboard.speeches}
    assert list(speeches) == ["Interview 2024", "Someone else", "Address 2020"]
    assert speeches["Address 2020"].total == 4
    assert speeches["Interview 2024"].total == 3
    cells = {cell.status: cell.count for cell in speeches["Address 2020"].cells}
    assert cells["achieved"] == 1
    assert cells["broken"] == 1
    assert cells["not_rated"] == 1
    assert speeches["Address 2020"].url == f"/commitments/?speech={first.slug}"
    assert original.address_id == first.pk
    years = {row.name: row.total for row in scoreboard.years}
    assert years == {"2021": 2, "2022": 1, "2025": 1, "2026": 2, "2027": 1}


# ------------------------------------------------------------ published only


def test_an_unpublished_commitment_changes_no_number(client):
    _, first, _, made = a_record()
    log(made["clinics"], "in_progress", NOW - dt.timedelta(days=40))
    figures = every_figure(board(client))
    progress = board(client).progress
    html = client.get(HOME).content.decode()

    hidden = published(
        "Another hidden promise",
        address=first,
        status="achieved",
        area="health",
        deadline=TODAY - dt.timedelta(days=3),
        is_published=False,
    )
    log(hidden, "broken", NOW - dt.timedelta(days=5))
    log(hidden, "achieved", NOW - dt.timedelta(days=2))

    assert every_figure(board(client)) == figures
    assert board(client).progress == progress
    assert client.get(HOME).content.decode() == html
    assert "hidden promise" not in html


# ------------------------------------------------------------ progress over time


def test_progress_over_time_counts_what_was_known_at_each_months_end(client):
    _, _, _, made = a_record()
    schools, clinics, roads, courts = (
        made["schools"],
        made["clinics"],
        made["roads"],
        made["courts"],
    )
    at = dt.datetime
    log(schools, "in_progress", at(2026, 1, 10, 12, tzinfo=dt.UTC))
    log(clinics, "in_progress", at(2026, 2, 3, 12, tzinfo=dt.UTC))
    log(schools, "achieved", at(2026, 3, 5, 12, tzinfo=dt.UTC))
    log(roads, "in_progress", at(2026, 3, 20, 12, tzinfo=dt.UTC))
    log(courts, "partially_achieved", at(2026, 3, 31, 12, tzinfo=dt.UTC))
    # Corrected: the schools were not finished after all.
    log(schools, "in_progress", at(2026, 5, 2, 12, tzinfo=dt.UTC), note="Only half")
    log(roads, "broken", at(2026, 5, 30, 12, tzinfo=dt.UTC), reason="no_funding")

    progress = board(client).progress

    assert [month.month for month in progress] == [
        dt.date(2026, month, 1) for month in range(1, 7)
    ]
    assert [
        (
            month.counts["achieved"],
            month.counts["partially_achieved"],
            month.counts["in_progress"],
            month.counts["broken"],
        )
        for month in progress
    ] == [
        (0, 0, 1, 0),  # January: schools in progress
        (0, 0, 2, 0),  # February: and the clinics
        (1, 1, 2, 0),  # March: schools achieved, roads in progress, courts partly
        (1, 1, 2, 0),  # April: nothing new
        (0, 1, 2, 1),  # May: schools back to in progress, roads broken
        (0, 1, 2, 1),  # June: as May
    ]


def test_progress_over_time_is_drawn_with_a_table_beside_it(client):
    _, _, _, made = a_record()
    log(made["schools"], "achieved", dt.datetime(2026, 4, 10, tzinfo=dt.UTC))

    html = client.get(HOME).content.decode()

    assert 'class="line-chart"' in html
    assert html.count('<polyline class="line line--') == 4
    assert "<summary>The figures month by month (table)</summary>" in html
    table = html[html.index("by rating at the end of each month") :]
    assert re.search(r"<th scope=\"row\">Apr 2026</th><td>1</td>", table)


def test_no_progress_logged_says_so(client):
    a_record()

    html = client.get(HOME).content.decode()

    assert "No progress has been logged on these commitments yet." in html
    assert 'class="line-chart"' not in html


# ------------------------------------------------------------ recently updated


def test_recently_updated_shows_the_status_and_the_evidence(client):
    _, _, later, made = a_record()
    log(
        made["schools"],
        "achieved",
        NOW - dt.timedelta(days=3),
        evidence={
            "kind": EvidenceKind.LAW_OR_DECREE,
            "title": "Decree No. 5",
            "url": "https://example.org/decree-5",
        },
    )
    start = later.text.index("We will build")
    # A later speech reports on a promise of the first one (never on its own).
    log(
        made["clinics"],
        "stalled",
        NOW - dt.timedelta(days=1),
        evidence={
            "kind": EvidenceKind.LATER_SPEECH,
            "address": later,
            "start": start,
            "end": start + 13,
        },
    )

    html = client.get(HOME).content.decode()
    recent = html[html.index('id="recent-heading"') : html.index('id="areas-heading"')]

    assert recent.index("Open clinics") < recent.index("Build schools")
    assert "Law or decree" in recent
    assert 'href="https://example.org/decree-5" rel="noopener noreferrer external"' in (
        recent
    )
    assert ">Decree No. 5</a>" in recent
    assert f'href="/addresses/{later.slug}/#p-3">Interview 2024</a>' in recent
    assert "status--stalled" in recent


# ------------------------------------------------------------ narrowing


def test_narrowing_by_area_narrows_every_figure_and_link(client):
    _, _, _, made = a_record()
    log(made["clinics"], "in_progress", NOW - dt.timedelta(days=5))
    log(made["schools"], "achieved", NOW - dt.timedelta(days=5))

    scoreboard = board(client, "?area=health")

    assert scoreboard.total.count == 2
    assert scoreboard.overdue.count == 1
    assert [row.name for row in scoreboard.areas] == ["Health"]
    assert [month.counts["achieved"] for month in scoreboard.progress] == [0]
    assert [update.update.commitment.title for update in scoreboard.recent] == [
        "Open clinics"
    ]
    for what, count, url in every_figure(scoreboard):
        assert "area=health" in url, what
        assert listed(client, url) == count, what
    html = client.get(HOME + "?area=health").content.decode()
    assert '<span class="muted">on Health</span>' in html
    assert "Show everything" in html


def test_narrowing_by_speaker(client):
    speaker, first, later, _ = a_record()

    scoreboard = board(client, f"?speaker={speaker.slug}")

    assert scoreboard.total.count == 6
    assert [row.name for row in scoreboard.speeches] == [
        "Interview 2024",
        "Address 2020",
    ]
    assert [address.pk for address in scoreboard.latest_speeches] == [
        later.pk,
        first.pk,
    ]
    for what, count, url in every_figure(scoreboard):
        assert f"speaker={speaker.slug}" in url, what
        assert listed(client, url) == count, what
    html = client.get(HOME + f"?speaker={speaker.slug}").content.decode()
    assert "Aigerim Sadykova's commitments" in html


def test_an_unknown_area_counts_nothing_and_says_why(client):
    a_record()

    response = client.get(HOME + "?area=astrology")

    assert response.context["board"].total.count == 0
    assert "Select a valid choice" in response.content.decode()


# ------------------------------------------------------------ text alternatives


def test_every_chart_has_a_text_alternative(client):
    _, _, _, made = a_record()
    log(made["schools"], "achieved", NOW - dt.timedelta(days=5))

    html = client.get(HOME).content.decode()

    # The stacked bar: an image with its figures as its name, every segment titled,
    # and the tally of links beside it.
    assert '<svg class="stacked-bar" width="100%" height="36" role="img"' in html
    assert "Commitments by status: Achieved 1 (12%), Partially achieved 1 (12%)" in html
    assert html.count('<rect class="fill--') >= 7
    assert "<title>In progress: 2 (25%)</title>" in html
    assert '<ul class="status-tally">' in html
    # The bars of areas, speeches and years are drawn in the rows of their tables.
    for caption in (
        "Commitments by area and status",
        "Commitments by speech and status",
        "Commitments by the year of their deadline, and status",
    ):
        assert f'<caption class="visually-hidden">{caption}</caption>' in html
    assert html.count('<svg class="mini-bar"') == 5 + 3 + 5
    assert 'aria-hidden="true" focusable="false"' in html
    # Status is a word and an icon, not a colour alone.
    assert '<span class="status__icon" aria-hidden="true">✔</span> Achieved' in html


def test_the_latest_speeches_are_still_listed(client):
    for day in range(1, 8):
        AddressFactory(title=f"Speech {day}", delivered_on=dt.date(2020, 1, day))
    AddressFactory(title="Withdrawn", is_public=False, delivered_on=dt.date(2021, 1, 1))

    html = client.get(HOME).content.decode()

    titles = re.findall(
        r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a></h3>', html
    )
    assert titles == ["Speech 7", "Speech 6", "Speech 5", "Speech 4", "Speech 3"]


def test_an_empty_record_says_so(client):
    html = client.get(HOME).content.decode()

    assert "<strong>0</strong> commitments</a> tracked from" in html
    assert "No speeches yet." in html
    assert "No commitments to count." in html
    assert 'class="stacked-bar"' not in html


# ------------------------------------------------------------ query count


def _many(count: int) -> None:
    speaker = SpeakerFactory()
    addresses = [AddressFactory(speaker=speaker) for _ in range(3)]
    areas = ["health", "education", "regions", ""]
    statuses = ["in_progress", "achieved", "broken", "not_rated"]
    for number in range(count):
        commitment = published(
            f"Commitment {number}",
            address=addresses[number % 3],
            area=areas[number % 4],
            deadline=dt.date(2020 + number % 9, 6, 30),
        )
        if number % 2 == 0:
            log(
                commitment,
                statuses[number % 4],
                NOW - dt.timedelta(days=30 * (number % 20)),
                evidence={"kind": EvidenceKind.NEWS_REPORT, "url": "https://e.org/n"},
            )


@pytest.mark.parametrize("count", [10, 60])
def test_query_count_does_not_grow_with_the_record(
    client, django_assert_max_num_queries, count
):
    _many(count)
    speaker_slug = SpeakerFactory._meta.model.objects.first().slug

    # The record's version, aggregates, areas, years, speeches, recent updates,
    # progress, latest speeches and the speaker choices of the form.
    with django_assert_max_num_queries(9):
        response = client.get(HOME)
    # And the speaker named in the URL, looked up once.
    with django_assert_max_num_queries(10):
        narrowed = client.get(HOME + f"?speaker={speaker_slug}&area=health")

    assert response.status_code == 200
    assert narrowed.status_code == 200
    assert response.context["board"].total.count == count


def test_what_users_typed_is_escaped(client):
    commitment = published("Build <script>alert(1)</script> schools")
    log(
        commitment,
        "achieved",
        NOW - dt.timedelta(days=1),
        evidence={"title": "<b>Decree</b>", "url": "https://example.org/d"},
    )

    html = client.get(HOME).content.decode()

    assert "Build &lt;script&gt;alert(1)&lt;/script&gt; schools" in html
    assert "&lt;b&gt;Decree&lt;/b&gt;" in html
    assert "<script>alert" not in html
    assert "<b>Decree" not in html


def test_the_figures_are_kept_until_the_record_changes(
    client, django_assert_max_num_queries
):
    _many(6)
    first = board(client)

    # Asked again: the record's version, the latest speeches' speaker choices,
    # nothing that counts.
    with django_assert_max_num_queries(2):
        again = board(client)
    assert again.total.count == first.total.count == 6

    # Any change to the record is seen at once: a new rating, an unpublished one.
    commitment = published("One more")
    assert board(client).total.count == 7
    log(commitment, "achieved", NOW, evidence={"url": "https://e.org/done"})
    achieved = {figure.status: figure.count for figure in board(client).statuses}
    assert achieved["achieved"] == 1 + first_count(first, "achieved")
    type(commitment).objects.filter(pk=commitment.pk).update(is_published=False)
    assert board(client).total.count == 6


def first_count(scoreboard: Scoreboard, status: str) -> int:
    return next(
        figure.count for figure in scoreboard.statuses if figure.status == status
    )


def test_by_speech_shows_the_latest_ten_and_says_how_many_there_are(client):
    for number in range(12):
        published(
            f"Promise {number}",
            address=AddressFactory(
                title=f"Speech {number}", delivered_on=dt.date(2010 + number, 1, 1)
            ),
        )

    response = client.get(HOME)

    shown = [row.name for row in response.context["board"].speeches]
    assert shown == [f"Speech {number}" for number in range(11, 1, -1)]
    assert "The latest 10 of 12 speeches" in unescape(response.content.decode())
