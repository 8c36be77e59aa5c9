"""The long <select> of the list filters renders as Django's own would."""

from __future__ import annotations

from django import forms

from dashboard.widgets import LongSelect


def test_it_marks_the_chosen_option_and_escapes_every_label():
    widget = LongSelect(choices=[("", "Any speech"), ("a-b", "<b>Address</b> & more")])

    html = widget.render("speech", "a-b", attrs={"id": "id_speech"})

    assert html == (
        '<select id="id_speech" name="speech"><option value="">Any speech</option>'
        '<option value="a-b" selected>&lt;b&gt;Address&lt;/b&gt; &amp; more</option>'
        "</select>"
    )


def test_a_form_field_with_it_is_labelled_and_keeps_its_choices():
    class Form(forms.Form):
        speech = forms.ChoiceField(
            choices=[("x", "X"), ("y", "Y")], widget=LongSelect, required=False
        )

    form = Form({"speech": "y"})

    assert 'for="id_speech"' in form["speech"].label_tag()
    assert '<option value="y" selected>Y</option>' in str(form["speech"])
    assert '<option value="x">X</option>' in str(form["speech"])
