"""The web layer: one blueprint per journey, all under /dich-vu/; the handbook at /."""
from __future__ import annotations

from flask import Flask
from flask_wtf.csrf import CSRFProtect

SERVICE_PREFIX = "/dich-vu"
csrf = CSRFProtect()


def register(app: Flask) -> None:
    csrf.init_app(app)
    from . import (account_admin, accounts, admin, compression, errors, handbook, home, offline, security, sharing,
                   templating, training_room)

    templating.init(app)
    security.init(app)
    compression.init(app)
    errors.init(app)
    sharing.init(app)
    training_room.init(app)
    app.register_blueprint(home.bp, url_prefix=SERVICE_PREFIX)
    app.register_blueprint(accounts.bp, url_prefix=SERVICE_PREFIX)
    app.register_blueprint(admin.bp, url_prefix=SERVICE_PREFIX)
    app.register_blueprint(account_admin.bp, url_prefix=SERVICE_PREFIX)
    app.register_blueprint(training_room.bp, url_prefix=SERVICE_PREFIX)
    app.register_blueprint(offline.bp, url_prefix=SERVICE_PREFIX)
    app.register_blueprint(sharing.bp, url_prefix=SERVICE_PREFIX)
    app.register_blueprint(handbook.bp)
    for journey in _journeys():
        app.register_blueprint(journey.bp, url_prefix=SERVICE_PREFIX)
    _wire_public_pages(app)


def _journeys():
    """The journeys' blueprints."""
    from . import (attendance_register, attendance_register_paper, comments, front_committee, introductions,
                   local_rules, oversight)
    journeys = [attendance_register, attendance_register_paper, comments, front_committee, introductions, oversight,
                local_rules]
    from . import letter_review, letters, public_forms, verify
    journeys += [letters, letter_review, public_forms, verify]
    from . import member_lists, onboarding, units
    journeys += [onboarding, member_lists, units]
    return journeys


def _wire_public_pages(app: Flask) -> None:
    """The forms anyone may download or fill in, the look-up of each kind of printed code for
    the public check, and the journeys' lines of what waits on a home page, put together here
    rather than by the modules on import (the home page asks this table, not the journeys)."""
    from ..domain.letters import CODE_PREFIX as LETTER_PREFIX
    from . import (attendance_register, comments, front_committee, introductions, letters, oversight, public_forms,
                   verify)
    app.extensions["home_lines"] = (letters.waiting_letters, attendance_register.waiting_for_secretary,
                                    comments.waiting, introductions.waiting, oversight.waiting,
                                    front_committee.waiting)
    app.extensions["public_forms"] = [public_forms.ABSENCE_LETTER, comments.PUBLIC_FORM, introductions.PUBLIC_FORM,
                                      attendance_register.PUBLIC_FORM]
    app.extensions["verifiers"] = {LETTER_PREFIX: verify.verify_letter, "NX": comments.verify_comment,
                                   "GT": introductions.verify_introduction}
