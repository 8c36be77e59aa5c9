"""The speech library in the admin: browsable, but speeches enter only by import."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from addresses.models import Address, AddressKind, Speaker
from tests.factories import AddressFactory, SpeakerFactory, UserFactory
from tracking.demo import ensure_groups

pytestmark = pytest.mark.django_db

INTERVIEW = "– What will you build?\n\n– One hundred schools.\n"


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(superuser=True))
    return client


@pytest.fixture
def library():
    tokayev = SpeakerFactory(name="Kassym-Jomart Tokayev", role="President")
    return [
        AddressFactory(
            title="State of the Nation Address",
            speaker=tokayev,
            delivered_on=dt.date(2020, 9, 1),
        ),
        AddressFactory(
            title="Interview to Egemen Qazaqstan",
            speaker=tokayev,
            text=INTERVIEW,
            kind=AddressKind.INTERVIEW,
            delivered_on=dt.date(2020, 12, 1),
        ),
    ]


@pytest.mark.usefixtures("library")
@pytest.mark.parametrize(
    ("model", "query", "expected"),
    [
        pytest.param(
            "speaker", {"q": "Tokayev"}, "Kassym-Jomart Tokayev", id="speaker"
        ),
        pytest.param(
            "address",
            {"q": "Egemen", "kind__exact": "interview", "is_public__exact": "1"},
            "Interview to Egemen Qazaqstan",
            id="address",
        ),
        pytest.param(
            "address",
            {"delivered_on__year": "2020", "q": "hundred"},
            "Interview to Egemen Qazaqstan",
            id="address by date and text",
        ),
        pytest.param(
            "segment",
            {
                "q": "Egemen",
                "kind__exact": "answer",
                "address__kind__exact": "interview",
            },
            "#p-2",
            id="segment",
        ),
    ],
)
def test_admin_changelist_renders_with_search_and_filter(
    superuser_client, model, query, expected
):
    response = superuser_client.get(
        reverse(f"admin:addresses_{model}_changelist"), query
    )

    assert response.status_code == 200
    assert expected in response.content.decode()
    assert response.context["cl"].result_count == 1


def test_admin_address_change_page_shows_segments_read_only(superuser_client, library):
    address = library[1]

    response = superuser_client.get(
        reverse("admin:addresses_address_change", args=[address.pk])
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "– One hundred schools." in html
    assert 'name="text"' not in html  # read-only: shown, not editable


def test_admin_does_not_offer_adding_an_address(superuser_client):
    changelist = superuser_client.get(reverse("admin:addresses_address_changelist"))
    add_page = superuser_client.get(reverse("admin:addresses_address_add"))

    assert changelist.status_code == 200
    assert reverse("admin:addresses_address_add") not in changelist.content.decode()
    assert add_page.status_code == 403


def test_admin_does_not_offer_adding_a_segment(superuser_client):
    response = superuser_client.get(reverse("admin:addresses_segment_add"))

    assert response.status_code == 403


# ------------------------------------------------------- editing by the import's rules


@pytest.fixture
def address():
    return AddressFactory(
        title="A",
        speaker=SpeakerFactory(name="Kassym-Jomart Tokayev"),
        delivered_on=dt.date(2020, 9, 1),
        venue="Akorda",
    )


def staff(*, editor: bool):
    analysts, editors = ensure_groups()
    user = UserFactory(is_staff=True)
    user.groups.add(analysts, *([editors] if editor else []))
    return user


def change_form_data(response) -> dict[str, str]:
    """What the browser would post back unchanged from an admin change page."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data: dict[str, str] = {}
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is True:
                data[form.add_prefix(name)] = "on"
            elif value not in (False, None):
                data[form.add_prefix(name)] = str(value)
    return data


def post_change(client, obj, **changes: str | None):
    model = obj._meta.model_name
    url = reverse(f"admin:addresses_{model}_change", args=[obj.pk])
    data = change_form_data(client.get(url))
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return client.post(url, data)


def stored(address) -> dict[str, object]:
    return Address.objects.filter(pk=address.pk).values(
        "title", "delivered_on", "is_public", "kind", "text", "venue", "slug"
    )[0]


def history(client, obj) -> str:
    model = obj._meta.model_name
    response = client.get(reverse(f"admin:addresses_{model}_history", args=[obj.pk]))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_admin_shows_is_public_read_only_to_an_analyst_without_publish_rights(
    client, address
):
    client.force_login(staff(editor=False))

    response = client.get(reverse("admin:addresses_address_change", args=[address.pk]))

    assert response.status_code == 200
    assert 'name="is_public"' not in response.content.decode()
    assert 'name="title"' in response.content.decode()


def test_admin_analyst_without_publish_rights_cannot_hide_a_speech(client, address):
    client.force_login(staff(editor=False))
    before = stored(address)

    response = post_change(client, address, is_public=None)

    assert response.status_code == 302
    assert stored(address) == before
    assert stored(address)["is_public"] is True


def test_admin_editor_can_hide_and_publish_a_speech(client, address):
    client.force_login(staff(editor=True))

    hidden = post_change(client, address, is_public=None)
    hidden_public = stored(address)["is_public"]
    shown = post_change(client, address, is_public="on")

    assert (hidden.status_code, shown.status_code) == (302, 302)
    assert hidden_public is False
    assert stored(address)["is_public"] is True
    assert "Changed is_public from True to False." in history(client, address)
    assert "Changed is_public from False to True." in history(client, address)


def test_admin_refuses_a_future_delivery_date_with_the_importers_message(
    client, address
):
    client.force_login(staff(editor=True))
    before = stored(address)

    response = post_change(
        client, address, delivered_on="2099-01-01", title="A new title"
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "delivered_on": [
            "The delivery date 2099-01-01 is in the future; import a speech once it "
            "has been delivered."
        ]
    }
    assert stored(address) == before
    assert not LogEntry.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        pytest.param(
            "delivered_on",
            "1899-12-31",
            'The delivery date "1899-12-31" is outside the years 1900–2200 that '
            "Uade accepts.",
            id="before 1900",
        ),
        pytest.param(
            "title",
            "The \x1b[1mAddress\x1b[0m",
            "The title contains the control character ESC (U+001B); remove it.",
            id="ANSI in the title",
        ),
        pytest.param(
            "source_url",
            "ftp://example.org/speech",
            'The source URL "ftp://example.org/speech" is not a valid http(s) URL.',
            id="ftp URL",
        ),
    ],
)
def test_admin_refuses_metadata_the_import_refuses_next_to_the_field(
    client, address, field, value, message
):
    client.force_login(staff(editor=False))
    before = stored(address)

    response = post_change(client, address, **{field: value})

    assert response.status_code == 200
    assert message in response.context["adminform"].form.errors[field][0]
    assert stored(address) == before


def test_admin_edits_only_metadata_never_the_text_or_kind(client, address):
    client.force_login(staff(editor=False))
    before = stored(address)

    response = post_change(
        client,
        address,
        title="B",
        kind="interview",
        text="A different text.",
        slug="another-slug",
    )

    assert response.status_code == 302
    assert stored(address) == {**before, "title": "B"}


def test_admin_history_shows_old_and_new_values_of_an_address(client, address):
    client.force_login(staff(editor=False))
    other = SpeakerFactory(name="Alikhan Smailov")

    post_change(client, address, title="B", delivered_on="2020-09-02")
    post_change(client, address, speaker=str(other.pk), venue="")

    page = history(client, address)
    assert (
        'Changed title from "A" to "B"; delivered_on from 2020-09-01 to 2020-09-02.'
    ) in page
    assert (
        'Changed speaker from "Kassym-Jomart Tokayev" to "Alikhan Smailov"; '
        'venue from "Akorda" to "".'
    ) in page


def test_admin_speaker_rename_follows_the_import_rules_and_keeps_history(client):
    speaker = SpeakerFactory(name="Kassym Tokayev", role="President")
    client.force_login(staff(editor=False))

    response = post_change(client, speaker, name="Kassym-Jomart Tokayev")

    assert response.status_code == 302
    speaker.refresh_from_db()
    assert (speaker.name, speaker.slug) == (
        "Kassym-Jomart Tokayev",
        "kassym-jomart-tokayev",
    )
    assert (
        'Changed name from "Kassym Tokayev" to "Kassym-Jomart Tokayev"; slug from '
        '"kassym-tokayev" to "kassym-jomart-tokayev".'
    ) in history(client, speaker)


@pytest.mark.parametrize("name", ["!!!", "🇰🇿"])
def test_admin_refuses_a_speaker_name_without_letters_or_digits(client, name):
    speaker = SpeakerFactory(name="Kassym-Jomart Tokayev")
    client.force_login(staff(editor=False))

    response = post_change(client, speaker, name=name)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "name": [
            f'The speaker\'s name "{name}" has no letters or digits; give the '
            "speaker's name."
        ]
    }
    speaker.refresh_from_db()
    assert speaker.name == "Kassym-Jomart Tokayev"


def test_admin_refuses_a_speaker_name_another_speaker_already_has(client):
    SpeakerFactory(name="Alikhan Smailov")
    speaker = SpeakerFactory(name="Kassym-Jomart Tokayev")
    client.force_login(staff(editor=False))

    response = post_change(client, speaker, name="Alikhan  SMAILOV")

    assert response.context["adminform"].form.errors == {
        "name": [
            'Another speaker, "Alikhan Smailov", already has this name (slug '
            '"alikhan-smailov"); choose that speaker on the speech instead, or tell '
            "the two apart in the name."
        ]
    }
    speaker.refresh_from_db()
    assert speaker.name == "Kassym-Jomart Tokayev"


def test_admin_adds_a_speaker_with_the_slug_the_import_would_give(client):
    client.force_login(UserFactory(superuser=True))
    url = reverse("admin:addresses_speaker_add")

    refused = client.post(url, {"name": "—", "role": ""})
    added = client.post(url, {"name": "Алихан Смаилов", "role": "Prime Minister"})

    assert refused.status_code == 200
    assert (
        "has no letters or digits"
        in refused.context["adminform"].form.errors["name"][0]
    )
    assert added.status_code == 302
    assert Speaker.objects.values_list("name", "slug", "role").get() == (
        "Алихан Смаилов",
        "алихан-смаилов",
        "Prime Minister",
    )


def test_admin_sets_a_speakers_term_end_and_keeps_history(client):
    speaker = SpeakerFactory(name="Kassym-Jomart Tokayev", role="President")
    client.force_login(staff(editor=False))

    response = post_change(client, speaker, term_ends_on="2029-11-20")

    assert response.status_code == 302
    speaker.refresh_from_db()
    assert speaker.term_ends_on == dt.date(2029, 11, 20)
    assert "term_ends_on from None to 2029-11-20" in history(client, speaker)


def test_admin_refuses_a_term_end_that_is_no_date(client):
    speaker = SpeakerFactory(name="Kassym-Jomart Tokayev")
    client.force_login(staff(editor=False))

    response = post_change(client, speaker, term_ends_on="the end of time")

    assert response.status_code == 200
    assert "term_ends_on" in response.context["adminform"].form.errors
    speaker.refresh_from_db()
    assert speaker.term_ends_on is None
