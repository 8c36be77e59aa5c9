"""The interface in English, Russian and Kazakh: the pages under /ru/ and /kk/, the
language switcher, and the translation catalogues in locale/."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re
from pathlib import Path

import polib  # type: ignore[import-untyped]
import pytest
import time_machine
from django.conf import settings
from django.utils import timezone, translation

from dashboard.links import commitment_url
from tests.dashboard.helpers import log, published
from tests.factories import AddressFactory, UserFactory
from tracking import services as tracking_services
from tracking.models import EvidenceKind

LOCALE = Path(settings.BASE_DIR) / "locale"
TRANSLATED = ("ru", "kk")
TODAY = dt.datetime(2022, 6, 15, 12, tzinfo=dt.UTC)


def text_of(html: str) -> str:
    return html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def html_lang(html: str) -> str:
    found = re.search(r'<html lang="([^"]+)"', html)
    assert found, "no <html lang>"
    return found[1]


@pytest.fixture
def record(db):
    """A speech with a published commitment that has a deadline and an update."""
    with time_machine.travel(TODAY, tick=False):
        address = AddressFactory(delivered_on=dt.date(2020, 9, 1))
        commitment = published(
            "Double the output of the mines",
            address=address,
            changes={"deadline": dt.date(2021, 12, 31), "area": "industry"},
        )
        log(commitment, "in_progress", timezone.now() - dt.timedelta(days=3))
        yield {
            "scoreboard": "/",
            "list": "/commitments/",
            "commitment": commitment_url(commitment),
            "speech": address.get_absolute_url(),
            "calendar": "/calendar/?year=2021",
            "methodology": "/methodology/",
        }


# Words each page must show in each language: its heading or lead, and the main
# navigation (the same words as in locale/, so a lost translation fails here).
EXPECTED = {
    "ru": {
        "scoreboard": ["Что было обещано — под запись", "По статусу"],
        "list": ["Поиск по названиям, показателям и цитатам", "Любая сфера"],
        "commitment": ["Выполняется", "Срок", "История оценок", "31 дек 2021"],
        "speech": ["Обязательства из этого выступления", "Спикер"],
        "calendar": ["Сроки в 2021 году", "31 дек 2021"],
        "methodology": ["Как работает Uade", "Что означает каждый статус"],
    },
    "kk": {
        "scoreboard": ["Не уәде етілді — тізілімде", "Мәртебе бойынша"],
        "list": [
            "Атаулардан, көрсеткіштерден және дәйексөздерден іздеу",
            "Кез келген сала",
        ],
        "commitment": [
            "Орындалуда",
            "Мерзімі",
            "Бағалар тарихы",
            "2021 жылғы 31 желтоқсан",
        ],
        "speech": ["Осы сөздегі міндеттемелер", "Сөз иесі"],
        "calendar": ["2021 жылғы мерзімдер", "2021 жылғы 31 желтоқсан"],
        "methodology": ["Uade қалай жұмыс істейді", "Әр мәртебе нені білдіреді"],
    },
}
NAVIGATION = {
    "en": ["Overview", "Speeches", "Commitments", "How Uade works"],
    "ru": ["Обзор", "Выступления", "Обязательства", "Как работает Uade"],
    "kk": ["Шолу", "Сөйлеген сөздер", "Міндеттемелер", "Uade қалай жұмыс істейді"],
}


@pytest.mark.parametrize("language", TRANSLATED)
@pytest.mark.parametrize("page", list(EXPECTED["ru"]))
def test_each_main_page_reads_in_russian_and_kazakh(client, record, language, page):
    with time_machine.travel(TODAY, tick=False):
        response = client.get(f"/{language}{record[page]}")

    assert response.status_code == 200
    html = response.content.decode()
    text = text_of(html)
    assert html_lang(html) == language
    for words in EXPECTED[language][page] + NAVIGATION[language]:
        assert words in text, (page, words)
    # The interface changed language; what was said and written did not, and a
    # quote says which language it is in.
    if page in ("commitment", "list", "calendar"):
        assert "Double the output of the mines" in text
    if page == "commitment":
        assert '<blockquote class="quote" lang="en">' in html


@pytest.mark.parametrize("language", TRANSLATED)
def test_numbers_are_localised_but_chart_coordinates_are_not(db, client, language):
    address = AddressFactory(text="Title\n\n" + "word " * 1234)
    published("Double the output of the mines", address=address, status="achieved")

    speech = client.get(f"/{language}{address.get_absolute_url()}").content.decode()
    scoreboard = client.get(f"/{language}/").content.decode()

    # The word count, its thousands set off by a no-break space.
    assert re.search("<dd>1\xa02\\d\\d (слов|сөз)", speech)
    # Decimal commas would break the SVG charts and bars.
    numbers = r'(?:x|y|width|x1|x2|y1|y2)="-?\d+,\d'
    assert not re.search(numbers, scoreboard)


def test_the_reason_a_commitment_stalled_reads_in_words_in_each_language(db, client):
    commitment = published("Open 10 hospitals", status="in_progress")
    tracking_services.record_progress_update(
        commitment.pk,
        author=UserFactory(),
        status="stalled",
        reason="no_funding",
        evidence=tracking_services.Evidence(kind=EvidenceKind.OTHER),
    )
    path = commitment_url(commitment)

    assert "Reason: No funding" in text_of(client.get(path).content.decode())
    russian = text_of(client.get(f"/ru{path}").content.decode())
    assert "Причина: Нет финансирования" in russian
    feed = client.get("/kk/feeds/updates/").content.decode()
    assert "Себебі: Қаржыландыру жоқ" in html_lib.unescape(feed)


def test_english_keeps_its_addresses_and_says_it_is_english(client, record):
    response = client.get(record["scoreboard"])

    html = response.content.decode()
    assert html_lang(html) == "en"
    for words in NAVIGATION["en"]:
        assert words in text_of(html)


def test_a_translated_page_links_its_other_languages_and_stays_in_its_own(
    client, record
):
    path = record["commitment"]
    with time_machine.travel(TODAY, tick=False):
        html = client.get(f"/kk{path}").content.decode()
    head = html.split("</head>")[0]

    site = settings.SITE_URL
    assert f'<link rel="alternate" hreflang="en" href="{site}{path}">' in head
    assert f'<link rel="alternate" hreflang="ru" href="{site}/ru{path}">' in head
    assert f'<link rel="alternate" hreflang="kk" href="{site}/kk{path}">' in head
    assert f'<link rel="alternate" hreflang="x-default" href="{site}{path}">' in head
    # Its own address is its canonical one, and its links stay in Kazakh.
    assert f'<link rel="canonical" href="{site}/kk{path}">' in head
    body = html.split("<main", 1)[1]
    assert 'href="/kk/commitments/"' in html
    assert 'href="/commitments/"' not in body


def test_the_switcher_is_a_form_that_works_without_javascript(client, record):
    html = client.get("/commitments/?area=industry").content.decode()

    form = re.search(r'<form class="language-switch".*?</form>', html, re.S)
    assert form, "no language switcher"
    switcher = form[0]
    assert 'method="post" action="/i18n/setlang/"' in switcher
    assert '<input type="hidden" name="next" value="/commitments/?area=industry">' in (
        switcher
    )
    assert "<legend" in switcher  # its label, for screen readers
    for code in ("en", "ru", "kk"):
        assert f'name="language" value="{code}" lang="{code}"' in switcher
    assert 'value="en" lang="en" aria-label="English" aria-current="true"' in switcher
    # No CSRF token on public pages: they stay cacheable.
    assert "csrfmiddlewaretoken" not in html


@pytest.mark.parametrize(
    ("language", "page", "expected"),
    [
        ("ru", "commitment", "/ru{path}"),
        ("kk", "speech", "/kk{path}"),
        ("en", "methodology", "{path}"),
    ],
)
def test_switching_language_stays_on_the_same_page(
    client, record, language, page, expected
):
    path = record[page]
    start = f"/kk{path}" if language == "en" else path

    response = client.post("/i18n/setlang/", {"language": language, "next": start})

    assert response.status_code == 302
    assert response["Location"] == expected.format(path=path)
    assert client.get(response["Location"]).status_code == 200


def test_switching_keeps_the_filters_of_the_list(client, record):
    response = client.post(
        "/i18n/setlang/",
        {"language": "ru", "next": "/commitments/?area=industry&sort=deadline"},
    )

    assert response["Location"] == "/ru/commitments/?area=industry&sort=deadline"


def test_switching_never_leaves_the_site(client):
    response = client.post(
        "/i18n/setlang/", {"language": "ru", "next": "https://evil.example/"}
    )

    # The home page, in the language asked for.
    assert response["Location"] == "/ru/"


def test_analysts_pages_and_feeds_keep_their_addresses_in_english(client, record):
    # Unprefixed and never translated by a cookie or the browser's languages.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    response = client.get("/feeds/updates/", HTTP_ACCEPT_LANGUAGE="kk")
    assert b"Uade: progress on the record" in response.content
    assert client.get("/analyst/").status_code == 302
    assert client.get("/ru/analyst/").status_code == 404


def test_a_feed_linked_from_a_russian_page_is_in_russian(client, record):
    response = client.get("/ru/feeds/updates/")

    content = response.content.decode()
    assert "Uade: ход выполнения обязательств" in content
    assert "Double the output of the mines — Выполняется" in content


def test_the_sitemap_lists_every_language_of_every_page(client, record):
    content = client.get("/sitemap.xml").content.decode()

    site = settings.SITE_URL
    for prefix in ("", "/ru", "/kk"):
        assert f"<loc>{site}{prefix}{record['commitment']}</loc>" in content
    assert 'hreflang="kk"' in content


def test_relative_deadlines_use_each_languages_plural_forms():
    from dashboard.wording import elapsed

    day = dt.date(2020, 1, 31)
    with translation.override("ru"):
        assert elapsed(day, dt.date(2021, 3, 31)) == "1 год 2 месяца"
        assert elapsed(day, dt.date(2025, 2, 28)) == "5 лет"
        assert elapsed(day, dt.date(2020, 2, 21)) == "21 день"
    with translation.override("kk"):
        assert elapsed(day, dt.date(2022, 7, 31)) == "2 жыл 6 ай"


# --------------------------------------------------------------- the catalogues


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_interface_string_is_translated_and_none_is_fuzzy(language):
    po = catalogue(language)

    assert len(po) > 300  # the catalogue is there, and is the whole interface
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    empty_plurals = [
        entry.msgid
        for entry in po
        if entry.msgid_plural and not all(entry.msgstr_plural.values())
    ]
    assert untranslated == []
    assert empty_plurals == []
    assert [entry.msgid for entry in po.fuzzy_entries()] == []
    assert not po.metadata_is_fuzzy


@pytest.mark.parametrize(
    ("language", "forms"),
    [("ru", 3), ("kk", 2)],
)
def test_plural_forms_are_those_of_the_language(language, forms):
    po = catalogue(language)

    assert f"nplurals={forms};" in po.metadata["Plural-Forms"]
    for entry in po:
        if entry.msgid_plural:
            assert len(entry.msgstr_plural) == forms, entry.msgid


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_every_placeholder(language):
    placeholder = re.compile(r"%\(\w+\)[sd]")
    wrong = []
    for entry in catalogue(language):
        expected = sorted(placeholder.findall(entry.msgid))
        for translation_text in entry.msgstr_plural.values() or [entry.msgstr]:
            # A singular form may leave its number out ("one commitment").
            found = sorted(placeholder.findall(translation_text))
            if not set(found) <= set(expected) or (
                not entry.msgid_plural and found != expected
            ):
                wrong.append(entry.msgid)
    assert wrong == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_committed_mo_file_is_the_po_file_compiled(language):
    # A fresh machine has no GNU gettext: it serves the committed .mo as it is.
    po = catalogue(language)
    mo = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))

    def messages(entries) -> dict[tuple[str | None, str], object]:
        return {
            (entry.msgctxt, entry.msgid): (
                dict(sorted(entry.msgstr_plural.items()))
                if entry.msgid_plural
                else entry.msgstr
            )
            for entry in entries
            if entry.msgid and (entry.msgstr or any(entry.msgstr_plural.values()))
        }

    assert messages(mo) == messages(po), "run `make messages` and commit locale/"
    assert mo.metadata.get("Plural-Forms") == po.metadata["Plural-Forms"]
