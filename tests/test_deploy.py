"""The deployment files agree with each other and with the workbench (the hub itself runs
in tests/browser/test_team_hub.py)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml
from traitlets.config.loader import PyFileConfigLoader

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"


def test_the_hub_configuration_loads_with_its_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SYNTHESIS_PROJECT", "/data/our-review")
    monkeypatch.setenv("SYNTHESIS_HUB_DIR", "/var/lib/hub")
    config = PyFileConfigLoader("jupyterhub_config.py", path=str(DEPLOY)).load_config()
    assert config.Spawner.notebook_dir == "/data/our-review"
    assert config.Spawner.environment == {"SYNTHESIS_PROJECT": "/data/our-review"}
    assert config.Spawner.default_url == "/voila/render/code.ipynb"
    assert config.JupyterHub.db_url == "sqlite:////var/lib/hub/jupyterhub.sqlite"
    assert config.PAMAuthenticator.allowed_groups == {"reviewers"}
    bash, flag, start, name = config.Spawner.cmd
    assert (bash, flag, name) == ("bash", "-c", "jupyterhub-singleuser")
    assert start.startswith("umask 0002 && export SYNTHESIS_REVIEWER=") and "-m synthesis.hub" in start


def test_the_start_command_sets_the_reviewer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = PyFileConfigLoader("jupyterhub_config.py", path=str(DEPLOY)).load_config()
    start = config.Spawner.cmd[2].replace("&& exec", "&& echo \"$(umask) $SYNTHESIS_REVIEWER\" #")
    (tmp_path / "reviewers.toml").write_text('[reviewers]\nana = "AN"\n')
    done = subprocess.run(["bash", "-c", start, "jupyterhub-singleuser"], capture_output=True, text=True,
                          env={"JUPYTERHUB_USER": "ana", "SYNTHESIS_PROJECT": str(tmp_path), "PATH": "/usr/bin:/bin"},
                          timeout=120)
    assert done.stdout.split() == ["0002", "AN"], done.stderr


def test_the_kubernetes_values_share_one_read_write_many_volume() -> None:
    values = yaml.safe_load((DEPLOY / "z2jh-values.yaml").read_text())
    claim = yaml.safe_load((DEPLOY / "shared-volume.yaml").read_text())
    assert claim["kind"] == "PersistentVolumeClaim" and claim["spec"]["accessModes"] == ["ReadWriteMany"]
    user = values["singleuser"]
    volume, = user["storage"]["extraVolumes"]
    mount, = user["storage"]["extraVolumeMounts"]
    assert volume["persistentVolumeClaim"]["claimName"] == claim["metadata"]["name"]
    assert mount["name"] == volume["name"]
    assert mount["mountPath"] == user["notebookDir"] == user["extraEnv"]["SYNTHESIS_PROJECT"]
    assert user["extraPodConfig"]["securityContext"]["fsGroup"] == user["fsGid"] == 100
    assert user["defaultUrl"] == "/voila/render/code.ipynb"
    assert "umask 0002" in user["cmd"][2] and "python -m synthesis.hub" in user["cmd"][2]
