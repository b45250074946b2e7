"""The base of every form: Vietnamese messages, NFC text, dates as dd/mm/yyyy.

WTForms ships no Vietnamese catalogue and Flask-WTF silently falls back to English,
so we load our own (translations/vi/LC_MESSAGES/wtforms.po) through Meta.get_translations.
"""
from __future__ import annotations

import unicodedata
from datetime import date, datetime
from functools import lru_cache
from gettext import NullTranslations
from pathlib import Path

from babel.messages.pofile import read_po
from flask_wtf import FlaskForm
from wtforms import DateField
from wtforms import RadioField as _RadioField
from wtforms import SelectField as _SelectField
from wtforms import SelectMultipleField as _SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import TextInput

CATALOGUE = Path(__file__).resolve().parent.parent / "translations" / "vi" / "LC_MESSAGES" / "wtforms.po"


class _Catalogue(NullTranslations):
    def __init__(self, messages: dict):
        super().__init__()
        self.messages = messages

    def gettext(self, message):
        return self.messages.get(message) or message

    def ngettext(self, singular, plural, n):
        return self.messages.get(singular) or (singular if n == 1 else plural)


@lru_cache(maxsize=1)
def vietnamese_messages() -> _Catalogue:
    with open(CATALOGUE, "rb") as handle:
        catalog = read_po(handle, locale="vi")
    messages = {}
    for message in catalog:
        if not message.id:
            continue
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        text = message.string[0] if isinstance(message.string, tuple) else message.string
        messages[key] = text
    return _Catalogue(messages)


def normalise_text(value):
    """Every submitted string: NFC (so PDFs, search and comparisons agree), trimmed."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip()
    return value


class BaseForm(FlaskForm):
    class Meta:
        def bind_field(self, form, unbound_field, options):
            # The unbound field is shared by every form of its class: the filter is added to
            # this binding only, never written back into unbound_field.kwargs (that grew one
            # more filter per form built, until every POST ran thousands of them).
            filters = (normalise_text, *unbound_field.kwargs.get("filters", ()))
            return unbound_field.bind(form=form, filters=filters, **options)

        def get_translations(self, form):
            return vietnamese_messages()


class VietnameseDateField(DateField):
    """A date typed as dd/mm/yyyy (also accepts 1/2/2026, 01-02-2026 and the ISO form),
    shown back as dd/mm/yyyy, in a plain text box: a browser's type="date" box follows
    the phone's language (mm/dd/yyyy on an English phone) and its picker is hard for
    elderly users."""

    widget = TextInput()
    FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format="%d/%m/%Y", **kwargs)

    def _value(self):
        if self.raw_data:
            return " ".join(self.raw_data)
        return self.data.strftime("%d/%m/%Y") if self.data else ""

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        text = unicodedata.normalize("NFC", valuelist[0]).strip()
        for pattern in self.FORMATS:
            try:
                self.data = datetime.strptime(text, pattern).date()
                return
            except ValueError:
                continue
        self.data = None
        raise ValueError(self.gettext("Not a valid date value."))


def format_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _as_choices(value):
    if value is None or callable(value) or isinstance(value, dict):
        return value
    return [SelectChoice(*choice) if isinstance(choice, tuple) else choice for choice in value]


class _ChoicesAsPairs:
    """Choices may be given as (value, label) pairs, as everywhere in this code; they
    are handed to WTForms as SelectChoice, the form 3.3 asks for (pairs are deprecated)."""

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, choices=_as_choices(choices), **kwargs)

    choices = property(lambda self: _SelectField.choices.fget(self),
                       lambda self, value: _SelectField.choices.fset(self, _as_choices(value)))


class SelectField(_ChoicesAsPairs, _SelectField):
    pass


class SelectMultipleField(_ChoicesAsPairs, _SelectMultipleField):
    pass


class RadioField(_ChoicesAsPairs, _RadioField):
    pass
