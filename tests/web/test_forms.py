"""The base form: binding a form never changes what the next form starts from."""
from __future__ import annotations

from wtforms import StringField
from wtforms.validators import Length

from forms_service.web.forms import BaseForm, normalise_text


class _Sample(BaseForm):
    class Meta:
        csrf = False

    name = StringField("Họ và tên", filters=[str.upper], validators=[Length(max=80)])
    place = StringField("Nơi ở")


def test_ten_thousand_forms_each_field_runs_one_normalising_filter(app):
    with app.test_request_context("/", method="POST", data={"name": "Nguye\u0302\u0303n  ", "place": " Xã A "}):
        for _ in range(10_000):
            form = _Sample()
        assert form.name.filters == (normalise_text, str.upper)
        assert form.place.filters == (normalise_text,)
        assert form.name.data == "NGUYỄN"
        assert form.place.data == "Xã A"
    assert "filters" not in _Sample.place.kwargs
    assert _Sample.name.kwargs["filters"] == [str.upper]
