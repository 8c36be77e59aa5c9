"""The import page's form: field shapes only. The import rules (text, dates, URLs,
duplicates) are the importer's, in `addresses.services`, whose refusals the view
shows beside the field they name."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from addresses.models import AddressKind, Speaker
from addresses.services import AddressInput


def _languages() -> list[tuple[str, str]]:
    return [(code, name) for code, name in settings.LANGUAGES]


class ImportAddressForm(forms.Form):
    text = forms.CharField(
        required=False,
        label="Paste the text",
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
        help_text=(
            "Paragraphs separated by blank lines. For an interview, start every "
            "question and answer with a dash."
        ),
    )
    file = forms.FileField(
        required=False,
        label="or upload a plain-text file",
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,text/plain"}),
        help_text=(
            "UTF-8, UTF-16 with a byte-order mark, or Windows-1251; at most 2 MB."
        ),
    )
    title = forms.CharField(required=False, label="Title", strip=False)
    speaker = forms.ModelChoiceField(
        queryset=Speaker.objects.order_by("name"),
        required=False,
        label="Speaker",
        empty_label="Someone new (name below)",
    )
    new_speaker = forms.CharField(
        required=False,
        label="New speaker's name",
        strip=False,
        help_text="Only when the speaker is not in the list.",
    )
    speaker_role = forms.CharField(
        required=False,
        label="Speaker's role",
        strip=False,
        help_text="For a new speaker, or one whose role is not recorded yet.",
    )
    kind = forms.ChoiceField(
        choices=AddressKind.choices, initial=AddressKind.ADDRESS, label="Kind"
    )
    delivered_on = forms.CharField(
        required=False,
        label="Delivered on",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="YYYY-MM-DD.",
    )
    venue = forms.CharField(required=False, label="Venue", strip=False)
    language = forms.ChoiceField(
        choices=_languages, initial="en", label="Language of the text"
    )
    source_url = forms.CharField(
        required=False,
        label="Source URL",
        strip=False,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        help_text="Where the text was published.",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        has_text = bool(cleaned.get("text", "").strip("\ufeff \t\r\n"))
        upload = cleaned.get("file")
        if has_text and upload:
            self.add_error("file", "Paste the text or upload a file, not both.")
        elif not has_text and not upload and not self.has_error("file"):
            self.add_error(
                "text", "The text is missing; paste it here or upload a file below."
            )
        if cleaned.get("speaker") and cleaned.get("new_speaker", "").strip():
            self.add_error(
                "new_speaker",
                "Choose a speaker from the list or type a new name, not both.",
            )
        return cleaned

    @property
    def upload(self) -> UploadedFile | None:
        upload: UploadedFile | None = self.cleaned_data.get("file")
        return upload

    def speaker_name(self) -> str:
        speaker: Speaker | None = self.cleaned_data.get("speaker")
        if speaker is not None:
            return speaker.name
        name: str = self.cleaned_data.get("new_speaker", "")
        return name

    def address_input(self) -> AddressInput:
        data = self.cleaned_data
        return AddressInput(
            title=data["title"],
            speaker=self.speaker_name(),
            speaker_role=data["speaker_role"],
            delivered_on=data["delivered_on"],
            kind=data["kind"],
            venue=data["venue"],
            language=data["language"],
            source_url=data["source_url"],
        )


# Where each importer refusal is shown: its `field` (an `AddressInput` field or
# "text") to this form's field. A speaker's name is typed under `new_speaker`.
REFUSAL_FIELDS = {
    "title": "title",
    "speaker": "new_speaker",
    "speaker_role": "speaker_role",
    "kind": "kind",
    "delivered_on": "delivered_on",
    "venue": "venue",
    "language": "language",
    "source_url": "source_url",
}
