"""The administrator's page: who has an account, which units exist, and how to add them.

Accounts and units are created from the command line (create-user, import-units,
import-users), where first passwords are printed to the person who runs it rather than
shown in a browser; this page lists what exists and says, in plain words, how to add more."""
from __future__ import annotations

from flask import Blueprint, render_template

from ..domain.access import ROLE_LABELS
from ..domain.accounts import MANAGE_ACCOUNTS
from ..domain.org import KIND_LABELS, UnitKind, person_sort_key
from ..services import accounts as account_service, org as org_service
from .auth import repos, requires
from .member_lists import list_url

bp = Blueprint("admin", __name__)


@bp.get("/quan-tri/")
@requires(MANAGE_ACCOUNTS)
def index():
    org = org_service.structure(repos())
    accounts = sorted(account_service.all_accounts(repos()), key=lambda a: (str(a.role), person_sort_key(a.display_name)))
    units = [(label, len(org.of_kind(kind))) for kind, label in KIND_LABELS.items()]
    listed = [(KIND_LABELS[kind], org.of_kind(kind)) for kind in (UnitKind.COMMUNE, UnitKind.WORKPLACE)]
    return render_template("admin/index.html", accounts=accounts, org=org, units=units, role_labels=ROLE_LABELS,
                           listed=listed, list_url=list_url)
