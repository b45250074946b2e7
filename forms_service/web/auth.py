"""Who is signed in, and the one check every route uses for role and unit."""
from __future__ import annotations

from functools import wraps

from flask import abort, current_app, g, redirect, request, session, url_for

from ..domain.access import Actor, Scope, allowed
from ..domain.accounts import Account
from ..services import accounts as account_service, audit as audit_service


def repos():
    return current_app.extensions["repos"]


def current_account() -> Account | None:
    """The signed-in account, if the session is still one of the account's: signing out, a
    password changed since it began, an officer ending the sessions, locking or deactivating
    the account, each ends it on the server (a copied cookie no longer works)."""
    if "account" not in g:
        username = session.get("username")
        account = account_service.get(repos(), username) if username else None
        if account is not None and not account.has_session(session.get("stamp", ""), session.get("sid", "")):
            session.clear()
            account = None
        g.account = account
    return g.account


def begin_session(account: Account, session_id: str) -> None:
    """Bind this browser to the account, in a fresh cookie (no fixation)."""
    session.clear()
    session["username"] = account.username
    session["stamp"] = account.session_stamp
    session["sid"] = session_id
    session.permanent = True


def current_actor() -> Actor | None:
    account = current_account()
    return account.actor if account else None


def current_member_id() -> str | None:
    actor = current_actor()
    return actor.member_id if actor else None


def authorize(action: str, scope: Scope | None = None) -> Actor:
    """Stop the request unless the signed-in person may take `action` on `scope`.

    Anonymous people are sent to sign in (and brought back); signed-in people who may
    not act get 403, and so do people asking for a record outside their unit."""
    actor = current_actor()
    if actor is None:
        abort(redirect(url_for("accounts.sign_in", next=request.full_path.rstrip("?"))))
    if not allowed(actor, action, scope):
        abort(403)
    return actor


def requires(action: str):
    """Decorator for routes whose check needs no record: `@requires("letter.list_own")`."""
    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            authorize(action)
            return view(*args, **kwargs)
        return wrapper
    return decorate


def audit(action: str, target: str = "", reason: str = "", **details) -> None:
    actor = current_actor()
    audit_service.record(repos(), actor.username if actor else "khach", action, target, reason, **details)
