"""Who the reviewer is when the workbench runs under JupyterHub.

Under JupyterHub every reviewer signs in to the hub, and the hub starts their own
Jupyter server with ``JUPYTERHUB_USER`` (and an API token) in its environment.
The reviewer is then the hub user, and nobody else: notebooks and apps open the
project as that reviewer only, and an attempt to open it as someone else is
refused. Outside the hub (one person on one machine) none of this applies and
:func:`hub_identity` is ``None``.

Hub user names are often not reviewer initials (``a.green``, an e-mail address),
so a project may hold a mapping file at its root, ``reviewers.toml``::

    # hub user name = reviewer initials
    [reviewers]
    "a.green" = "AG"
    ntaylor = "NT"

or ``reviewers.csv`` with the columns ``hub_user,reviewer``. When the project has
a mapping file, only the hub users it lists can write; without one, the hub user
name is the reviewer id (it must then be a valid one: letters, digits, ``.``,
``_``, ``-``). Hub user names are compared ignoring case, as JupyterHub keeps
them in lower case.

>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> hub_identity(root, env={}) is None          # not under a hub: nothing changes
True
>>> hub_identity(root, env={"JUPYTERHUB_USER": "nt"})
HubIdentity(user='nt', reviewer='nt', mapping=None)
>>> _ = (root / "reviewers.toml").write_text('[reviewers]\\n"a.green" = "AG"\\n')
>>> hub_identity(root, env={"JUPYTERHUB_USER": "A.Green"}).reviewer
'AG'
>>> session_reviewer(root, "NT", env={"JUPYTERHUB_USER": "a.green"})
Traceback (most recent call last):
...
synthesis.hub.IdentityError: You are signed in to the hub as a.green, reviewer AG: this server writes AG's log only, not NT's.
"""

from __future__ import annotations

import csv
import json
import os
import sys
import tomllib
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .errors import ActionError, InputError
from .log import check_reviewer

#: Mapping files, looked for in this order at the project's root.
MAPPING_FILES = ("reviewers.toml", "reviewers.csv")


class IdentityError(ActionError):
    """Opening the project as a reviewer the hub did not sign in."""


@dataclass(frozen=True)
class HubIdentity:
    """The hub user a server belongs to and the reviewer they write as."""

    user: str
    reviewer: str
    mapping: str | None     # the mapping file that named the reviewer (None: the user name itself)

    def describe(self) -> str:
        """One line for a page header.

        >>> HubIdentity("a.green", "AG", "reviewers.toml").describe()
        'signed in to the hub as a.green'
        """
        return f"signed in to the hub as {self.user}"


def read_mapping(root: str | os.PathLike[str]) -> tuple[dict[str, str], str | None]:
    """The project's hub-user-to-reviewer mapping (hub user names in lower case), and its file.

    Raises :class:`~synthesis.errors.InputError` naming the file, row and field
    when a reviewer id is not valid or two hub users map to one reviewer.
    """
    for name in MAPPING_FILES:
        path = Path(root) / name
        if path.is_file():
            pairs = _read_toml(path) if name.endswith(".toml") else _read_csv(path)
            return _check_pairs(path, pairs), name
    return {}, None


def _read_toml(path: Path) -> list[tuple[int | None, str, object]]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(path, f"not a TOML file ({exc})") from None
    table = data.get("reviewers")
    if not isinstance(table, dict):
        raise InputError(path, "needs a [reviewers] table: hub user name = reviewer initials", field="reviewers")
    return [(None, user, reviewer) for user, reviewer in table.items()]


def _read_csv(path: Path) -> list[tuple[int | None, str, object]]:
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.DictReader(handle))
            fields = set(rows[0]) if rows else set()
    except UnicodeDecodeError:
        raise InputError(path, "not UTF-8 text") from None
    for column in ("hub_user", "reviewer"):
        if rows and column not in fields:
            raise InputError(path, "missing column (the columns are hub_user,reviewer)", field=column)
    return [(number, (row["hub_user"] or "").strip(), (row["reviewer"] or "").strip())
            for number, row in enumerate(rows, start=2)]


def _check_pairs(path: Path, pairs: list[tuple[int | None, str, object]]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    owners: dict[str, str] = {}
    for line, user, reviewer in pairs:
        where = "reviewer" if line is not None else user
        if not user:
            raise InputError(path, "empty hub user name", line=line, field="hub_user")
        if not isinstance(reviewer, str):
            raise InputError(path, "the reviewer must be a string of initials", line=line, field=where)
        try:
            check_reviewer(reviewer)
        except ActionError as exc:
            raise InputError(path, str(exc), line=line, field=where) from None
        if reviewer.casefold() in owners and owners[reviewer.casefold()] != user.lower():
            raise InputError(path, f"{owners[reviewer.casefold()]} and {user} both map to reviewer {reviewer}: "
                             "two people cannot write one log", line=line, field=where)
        owners[reviewer.casefold()] = user.lower()
        mapping[user.lower()] = reviewer
    return mapping


def hub_identity(root: str | os.PathLike[str], env: Mapping[str, str] | None = None) -> HubIdentity | None:
    """The hub user this server runs for and their reviewer id, or None outside JupyterHub.

    When the hub's API address and token are in the environment, the user name is
    confirmed with the hub (the token names its owner), so changing
    ``JUPYTERHUB_USER`` in a terminal does not change who writes.
    Raises :class:`IdentityError` when the user cannot be a reviewer here.
    """
    env = os.environ if env is None else env
    user = env.get("JUPYTERHUB_USER", "").strip()
    if not user:
        return None
    confirmed = confirm_user(env)
    if confirmed is not None and confirmed.lower() != user.lower():
        raise IdentityError(f"This server's hub token belongs to {confirmed}, not to {user}: "
                            "open the workbench from your own hub server.")
    mapping, file = read_mapping(root)
    if file is not None:
        reviewer = mapping.get(user.lower())
        if reviewer is None:
            raise IdentityError(f"The hub user {user} is not listed in {file}: ask whoever runs the hub to add "
                                "a line naming your reviewer initials.")
        return HubIdentity(user, reviewer, file)
    try:
        return HubIdentity(user, check_reviewer(user), None)
    except ActionError:
        raise IdentityError(f"The hub user name {user!r} cannot name a reviewer's log: ask whoever runs the hub to "
                            f"map it to your initials in {MAPPING_FILES[0]} at the project's root.") from None


def confirm_user(env: Mapping[str, str], timeout: float = 10) -> str | None:
    """The name of the user who owns the server's hub API token (None: no hub API in ``env``)."""
    url, token = env.get("JUPYTERHUB_API_URL", ""), env.get("JUPYTERHUB_API_TOKEN", "")
    if not url or not token:
        return None
    request = urllib.request.Request(url.rstrip("/") + "/user", headers={"Authorization": f"token {token}"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (the hub's own address)
            name = json.load(response).get("name")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise IdentityError(f"Could not confirm who you are with the hub at {url} ({exc}): "
                            "try again in a moment, or restart your server from the hub's home page.") from None
    if not isinstance(name, str) or not name:
        raise IdentityError(f"The hub at {url} did not say who owns this server's token.")
    return name


def session_reviewer(root: str | os.PathLike[str], asked: str | None,
                     env: Mapping[str, str] | None = None) -> str | None:
    """The reviewer a notebook or app may write as, given the one it ``asked`` for.

    Outside the hub this is ``asked``. Under the hub it is the hub user's reviewer,
    and asking for anyone else (names compared ignoring case) raises
    :class:`IdentityError`.

    >>> session_reviewer(".", "NT", env={})
    'NT'
    >>> session_reviewer(".", "", env={"JUPYTERHUB_USER": "nt"})
    'nt'
    """
    return only_as(hub_identity(root, env), asked)


def only_as(identity: HubIdentity | None, asked: str | None) -> str | None:
    """:func:`session_reviewer` for an identity already looked up."""
    if identity is None:
        return asked
    if asked and asked.strip().casefold() != identity.reviewer.casefold():
        raise IdentityError(f"You are signed in to the hub as {identity.user}, reviewer {identity.reviewer}: "
                            f"this server writes {identity.reviewer}'s log only, not {asked.strip()}'s.")
    return identity.reviewer


def main(env: Mapping[str, str] | None = None) -> int:
    """Print the reviewer id of the server being started (``python -m synthesis.hub``).

    A server's start command puts it in ``SYNTHESIS_REVIEWER``, so the notebooks'
    default reviewer is the hub user (deploy/jupyterhub_config.py does this). It
    reads ``$SYNTHESIS_PROJECT`` for the mapping file; prints nothing outside the
    hub, and the reason on stderr when the hub user cannot be a reviewer.

    >>> main({"JUPYTERHUB_USER": "nt", "SYNTHESIS_PROJECT": "/nonexistent"})
    nt
    0
    """
    env = os.environ if env is None else env
    try:
        identity = hub_identity(env.get("SYNTHESIS_PROJECT", "."), env)
    except (IdentityError, InputError) as exc:
        print(exc, file=sys.stderr)
        return 1
    if identity is not None:
        print(identity.reviewer)
    return 0


if __name__ == "__main__":
    sys.exit(main())
