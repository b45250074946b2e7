"""The one-time token every form that creates something carries: made when the form is
first shown, posted back with it, so that the same form posted twice (a double click,
back and send again) makes one record and shows the first result."""
from __future__ import annotations

import secrets

from wtforms import HiddenField


class OneTimeToken(HiddenField):
    def process(self, formdata, *args, **kwargs):
        super().process(formdata, *args, **kwargs)
        if not self.data:
            self.data = secrets.token_urlsafe(18)
