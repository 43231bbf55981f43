"""Identity under JupyterHub: the hub user, or the project's mapping file, and nobody else."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from synthesis import Project
from synthesis.errors import InputError
from synthesis.hub import HubIdentity, IdentityError, hub_identity, read_mapping, session_reviewer
from synthesis.signin import sign_in


def test_outside_the_hub_nothing_changes(tmp_path: Path) -> None:
    (tmp_path / "reviewers.toml").write_text('[reviewers]\nnt = "NT"\n')
    assert hub_identity(tmp_path, env={}) is None
    assert session_reviewer(tmp_path, "AG", env={"JUPYTERHUB_USER": ""}) == "AG"


def test_the_hub_user_is_the_reviewer_without_a_mapping(tmp_path: Path) -> None:
    assert hub_identity(tmp_path, env={"JUPYTERHUB_USER": "nt"}) == HubIdentity("nt", "nt", None)
    assert session_reviewer(tmp_path, "NT", env={"JUPYTERHUB_USER": "nt"}) == "nt"  # case is ignored
    with pytest.raises(IdentityError, match="cannot name a reviewer's log.*reviewers.toml"):
        hub_identity(tmp_path, env={"JUPYTERHUB_USER": "a.green@uni.ac.uk"})


def test_a_toml_mapping_names_the_reviewer(tmp_path: Path) -> None:
    (tmp_path / "reviewers.toml").write_text('# hub user = initials\n[reviewers]\n"a.green" = "AG"\nNTaylor = "NT"\n')
    assert read_mapping(tmp_path) == ({"a.green": "AG", "ntaylor": "NT"}, "reviewers.toml")
    env = {"JUPYTERHUB_USER": "ntaylor"}
    assert hub_identity(tmp_path, env=env) == HubIdentity("ntaylor", "NT", "reviewers.toml")
    assert session_reviewer(tmp_path, "", env=env) == "NT"
    with pytest.raises(IdentityError, match="signed in to the hub as ntaylor, reviewer NT.*not AG's"):
        session_reviewer(tmp_path, "AG", env=env)
    with pytest.raises(IdentityError, match="not listed in reviewers.toml"):
        hub_identity(tmp_path, env={"JUPYTERHUB_USER": "stranger"})


def test_a_csv_mapping_names_the_reviewer(tmp_path: Path) -> None:
    (tmp_path / "reviewers.csv").write_text("hub_user,reviewer\na.green,AG\nntaylor, NT\n")
    assert hub_identity(tmp_path, env={"JUPYTERHUB_USER": "ntaylor"}).reviewer == "NT"


@pytest.mark.parametrize("text, where", [
    ('[reviewers]\nnt = "../NT"\n', "field 'nt'"),
    ('[reviewers]\nnt = 3\n', "field 'nt'"),
    ('[reviewers]\nnt = "NT"\nag = "nt"\n', "two people cannot write one log"),
    ("[people]\n", "field 'reviewers'"),
    ("[reviewers\n", "not a TOML file"),
])
def test_a_bad_toml_mapping_names_the_file_and_field(tmp_path: Path, text: str, where: str) -> None:
    (tmp_path / "reviewers.toml").write_text(text)
    with pytest.raises(InputError, match="reviewers.toml") as caught:
        read_mapping(tmp_path)
    assert where in str(caught.value)


def test_a_bad_csv_mapping_names_the_row(tmp_path: Path) -> None:
    (tmp_path / "reviewers.csv").write_text("hub_user,reviewer\nnt,NT\nag,A G\n")
    with pytest.raises(InputError, match=r"reviewers.csv, row 3, field 'reviewer'"):
        read_mapping(tmp_path)
    (tmp_path / "reviewers.csv").write_text("user,initials\nnt,NT\n")
    with pytest.raises(InputError, match="field 'hub_user'"):
        read_mapping(tmp_path)


class _Hub(BaseHTTPRequestHandler):
    owners = {"token-of-nt": "nt", "token-of-ag": "ag"}

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        token = self.headers.get("Authorization", "").removeprefix("token ")
        name = self.owners.get(token)
        if self.path != "/hub/api/user" or name is None:
            self.send_response(403); self.end_headers(); return
        body = json.dumps({"name": name, "kind": "user"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def hub_api() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hub/api"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_the_user_is_confirmed_with_the_hub(tmp_path: Path, hub_api: str) -> None:
    env = {"JUPYTERHUB_USER": "nt", "JUPYTERHUB_API_URL": hub_api, "JUPYTERHUB_API_TOKEN": "token-of-nt"}
    assert hub_identity(tmp_path, env=env).reviewer == "nt"
    # a user who changed the variable in a terminal is still the token's owner
    with pytest.raises(IdentityError, match="token belongs to nt, not to ag"):
        hub_identity(tmp_path, env={**env, "JUPYTERHUB_USER": "ag"})
    with pytest.raises(IdentityError, match="Could not confirm who you are"):
        hub_identity(tmp_path, env={**env, "JUPYTERHUB_API_TOKEN": "forged"})


def test_notebooks_open_as_the_hub_user_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "r"
    Project.init(root, reviewer="AG").close()
    (root / "reviewers.toml").write_text('[reviewers]\n"a.green" = "AG"\nntaylor = "NT"\n')
    monkeypatch.setenv("JUPYTERHUB_USER", "ntaylor")
    monkeypatch.delenv("JUPYTERHUB_API_URL", raising=False)
    project, signed = sign_in(root, "AG")
    try:
        assert project.reviewer is None and signed.read_only
        assert signed.message == ("You are signed in to the hub as ntaylor, reviewer NT: this server writes NT's "
                                  "log only, not AG's. This notebook opens read-only.")
    finally:
        project.close()
    project, signed = sign_in(root, "nt")
    try:
        assert project.reviewer == "NT" and signed.message == "Working as NT."
    finally:
        project.close()
    assert (root / "codebooks/logs/AG.jsonl").read_bytes() == b""  # untouched


def test_a_starting_server_learns_its_reviewer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from synthesis.hub import main

    (tmp_path / "reviewers.toml").write_text('[reviewers]\nana = "AN"\n')
    assert main({"JUPYTERHUB_USER": "ana", "SYNTHESIS_PROJECT": str(tmp_path)}) == 0
    assert capsys.readouterr().out == "AN\n"
    assert main({"SYNTHESIS_PROJECT": str(tmp_path)}) == 0 and capsys.readouterr().out == ""
    assert main({"JUPYTERHUB_USER": "eve", "SYNTHESIS_PROJECT": str(tmp_path)}) == 1
    assert "not listed in reviewers.toml" in capsys.readouterr().err
