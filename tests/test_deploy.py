"""The deployment files agree with each other, with the workbench and with the software that runs
them. The one-server hub configuration loads here (the hub itself runs in
tests/browser/test_team_hub.py). The Kubernetes values pass the Zero to JupyterHub chart's own
schema, and the chart's own hub configuration, given them, makes the pods the reviewers' servers
would run in; no Kubernetes cluster is involved (docs/team-server.md, "How this is tested")."""

from __future__ import annotations

import asyncio
import copy
import importlib.util
import re
import shlex
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

import kubespawner.spawner
import pytest
import yaml
from jsonschema import Draft7Validator, ValidationError
from jupyter_server.services.kernels.kernelmanager import MappingKernelManager
from jupyterhub.app import JupyterHub
from jupyterhub.auth import Authenticator
from jupyterhub.crypto import CryptKeeper
from jupyterhub.objects import Hub
from jupyterhub.proxy import ConfigurableHTTPProxy
from jupyterhub.spawner import Spawner
from kubernetes_asyncio.client import ApiClient
from kubespawner import KubeSpawner
from tornado.httpclient import AsyncHTTPClient
from traitlets.config import Config, Configurable
from traitlets.config.loader import PyFileConfigLoader
from voila.configuration import VoilaConfiguration

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
# The chart version deploy/z2jh-values.yaml is written for; docs/team-server.md installs it.
CHART_VERSION = "4.4.0"
CHART = ROOT / "tests" / "data" / f"zero-to-jupyterhub-k8s-{CHART_VERSION}"  # SOURCE.md there
CHART_HUB_FILES = CHART / "jupyterhub" / "files" / "hub"
PROJECT = "/srv/review"


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


def run_start_command(start: str, name: str, env: dict[str, str]) -> list[str]:
    """What a server's start command (bash -c START NAME) leaves for the server it starts: its
    umask and SYNTHESIS_REVIEWER, printed where it would start jupyterhub-singleuser."""
    start = start.replace("&& exec", "&& echo \"$(umask) $SYNTHESIS_REVIEWER\" #")
    done = subprocess.run(["bash", "-c", start, name], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_the_start_command_sets_the_reviewer(tmp_path: Path) -> None:
    config = PyFileConfigLoader("jupyterhub_config.py", path=str(DEPLOY)).load_config()
    (tmp_path / "reviewers.toml").write_text('[reviewers]\nana = "AN"\n')
    env = {"JUPYTERHUB_USER": "ana", "SYNTHESIS_PROJECT": str(tmp_path), "PATH": "/usr/bin:/bin"}
    assert run_start_command(config.Spawner.cmd[2], config.Spawner.cmd[3], env) == ["0002", "AN"]


def test_the_kubernetes_values_share_one_read_write_many_volume() -> None:
    values = kubernetes_values()
    claim = yaml.safe_load((DEPLOY / "shared-volume.yaml").read_text())
    assert claim["kind"] == "PersistentVolumeClaim" and claim["spec"]["accessModes"] == ["ReadWriteMany"]
    user = values["singleuser"]
    volume, = user["storage"]["extraVolumes"]
    mount, = user["storage"]["extraVolumeMounts"]
    assert volume["persistentVolumeClaim"]["claimName"] == claim["metadata"]["name"]
    assert mount["name"] == volume["name"]
    assert mount["mountPath"] == values["hub"]["config"]["Spawner"]["notebook_dir"] == PROJECT
    assert user["extraEnv"]["SYNTHESIS_PROJECT"] == PROJECT
    assert user["extraPodConfig"]["securityContext"]["fsGroup"] == user["fsGid"] == 100
    assert user["defaultUrl"] == "/voila/render/code.ipynb"
    assert "umask 0002" in user["cmd"][2] and "python -m synthesis.hub" in user["cmd"][2]


# The chart's schema: what `helm upgrade --install` checks before it renders anything.

def kubernetes_values() -> dict[str, Any]:
    return yaml.safe_load((DEPLOY / "z2jh-values.yaml").read_text())


@cache
def chart_schema() -> dict[str, Any]:
    return yaml.safe_load((CHART / "jupyterhub" / "values.schema.yaml").read_text())


def helm_merge(defaults: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """The values Helm renders a chart with: the chart's defaults, with the given values laid over
    them key by key (maps merge, lists and other values replace, null removes the default)."""
    merged = copy.deepcopy(defaults)
    for key, value in values.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = helm_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


@cache
def chart_defaults() -> dict[str, Any]:
    return yaml.safe_load((CHART / "jupyterhub" / "values.yaml").read_text())


def chart_values(values: dict[str, Any]) -> dict[str, Any]:
    return helm_merge(chart_defaults(), values)


def schema_errors(values: dict[str, Any]) -> list[ValidationError]:
    """Where the chart's schema refuses `values` (as Helm checks them: merged with the defaults)."""
    return sorted(Draft7Validator(chart_schema()).iter_errors(chart_values(values)), key=lambda e: e.json_path)


def test_the_kubernetes_values_pass_the_charts_schema() -> None:
    Draft7Validator.check_schema(chart_schema())
    assert [f"{e.json_path}: {e.message}" for e in schema_errors(kubernetes_values())] == []


def misspelt_key(values: dict[str, Any]) -> None:
    values["singleuser"]["defaultURL"] = values["singleuser"].pop("defaultUrl")


def number_as_text(values: dict[str, Any]) -> None:
    values["singleuser"]["fsGid"] = "100"


def setting_the_chart_does_not_have(values: dict[str, Any]) -> None:
    values["singleuser"]["notebookDir"] = PROJECT


def config_section_in_lower_case(values: dict[str, Any]) -> None:
    values["hub"]["config"]["spawner"] = values["hub"]["config"].pop("Spawner")


def duration_as_text(values: dict[str, Any]) -> None:
    values["cull"]["timeout"] = "1h"


@pytest.mark.parametrize(("mistake", "where"), [
    (misspelt_key, "$.singleuser"),
    (number_as_text, "$.singleuser.fsGid"),
    (setting_the_chart_does_not_have, "$.singleuser"),
    (config_section_in_lower_case, "$.hub.config"),
    (duration_as_text, "$.cull.timeout"),
])
def test_the_charts_schema_refuses_a_mistake(mistake: Callable[[dict[str, Any]], None], where: str) -> None:
    values = kubernetes_values()
    mistake(values)
    assert [e.json_path for e in schema_errors(values)] == [where]


def test_the_docs_install_the_chart_version_the_tests_check() -> None:
    for text in ((ROOT / "docs" / "team-server.md").read_text(), (DEPLOY / "z2jh-values.yaml").read_text()):
        installs = re.findall(r"helm upgrade --install .*", text)
        assert installs and all(f" --version {CHART_VERSION} " in line for line in installs), installs


# The chart's hub configuration, run with the values as in the hub pod, and the reviewers' pods.

def load_chart_hub_config(values: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> Config:
    """Runs the chart's jupyterhub_config.py as the hub pod does at start, with `values` given
    to `helm upgrade --install review-hub ... --namespace review`.

    In the pod, the chart's z2jh module reads the values, the names of the chart's resources and
    the secrets Helm made from files Kubernetes mounts; here the same module has them from
    memory. The hub image's curl HTTP client (pycurl) is not installed: nothing here sends a
    request."""
    rendered = chart_values(values) | {
        "Chart": {"Name": "jupyterhub", "Version": CHART_VERSION},
        "Release": {"Name": "review-hub", "Namespace": "review", "Service": "Helm"},
    }
    spec = importlib.util.spec_from_file_location("z2jh", CHART_HUB_FILES / "z2jh.py")
    z2jh = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(z2jh)
    z2jh._load_config = lambda: rendered
    z2jh._get_config_value = lambda name: name  # fullnameOverride "": resources are named hub, proxy-api...
    z2jh.get_secret_value = lambda key, default=None: f"made-up {key}"
    monkeypatch.setitem(sys.modules, "z2jh", z2jh)
    monkeypatch.setattr(sys, "path", [*sys.path])  # the chart's file puts its own folder first
    monkeypatch.setenv("PROXY_API_SERVICE_PORT", "8001")
    monkeypatch.setenv("HUB_SERVICE_PORT", "8081")
    monkeypatch.setenv("POD_NAMESPACE", "review")
    monkeypatch.setattr(AsyncHTTPClient, "configure", classmethod(lambda cls, impl, **kwargs: None))
    return PyFileConfigLoader("jupyterhub_config.py", path=str(CHART_HUB_FILES)).load_config()


@dataclass
class HubUser:
    """What KubeSpawner reads of a hub user (jupyterhub.user.User has these and more)."""
    name: str
    id: int

    @property
    def escaped_name(self) -> str:
        return self.name

    @property
    def url(self) -> str:
        return f"/user/{self.name}/"


def reviewers_pod(config: Config, user: HubUser, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The pod KubeSpawner asks Kubernetes for when `user` starts their server, as Kubernetes
    reads it. The spawner makes no Kubernetes client: it would need one only to send the pod."""
    monkeypatch.setattr(kubespawner.spawner, "load_config", lambda **kwargs: None)
    monkeypatch.setattr(kubespawner.spawner, "shared_client", lambda *args, **kwargs: None)
    spawner = KubeSpawner(config=config, user=user, hub=Hub())

    async def manifest() -> dict[str, Any]:
        pod = await spawner.get_pod_manifest()
        async with ApiClient() as api:
            return api.sanitize_for_serialization(pod)

    return asyncio.run(manifest())


# The classes the hub's settings configure; a setting of any other class would go unchecked.
HUB_CONFIGURABLES: dict[str, type[Configurable]] = {
    "JupyterHub": JupyterHub, "Authenticator": Authenticator, "Spawner": Spawner, "KubeSpawner": KubeSpawner,
    "ConfigurableHTTPProxy": ConfigurableHTTPProxy, "CryptKeeper": CryptKeeper,
}


def test_the_spawner_checked_is_the_one_the_chart_runs() -> None:
    hub_image = (CHART / "images" / "hub" / "requirements.txt").read_text()
    pins = dict(re.findall(r"^([a-z0-9-]+)==(\S+)$", hub_image, flags=re.MULTILINE))
    assert version("jupyterhub-kubespawner") == pins["jupyterhub-kubespawner"]
    authenticator = kubernetes_values()["hub"]["config"]["JupyterHub"]["authenticator_class"]
    assert authenticator == "nativeauthenticator.NativeAuthenticator" and "jupyterhub-nativeauthenticator" in pins


def test_the_charts_hub_configuration_takes_the_values(monkeypatch: pytest.MonkeyPatch) -> None:
    config = load_chart_hub_config(kubernetes_values(), monkeypatch)
    assert set(config) <= set(HUB_CONFIGURABLES), set(config) - set(HUB_CONFIGURABLES)
    for section, settings in config.items():
        unknown = set(settings) - set(HUB_CONFIGURABLES[section].class_trait_names(config=True))
        assert not unknown, f"{section} has no settings {unknown}"
    assert callable(config.KubeSpawner.uid) and config.KubeSpawner.gid == config.KubeSpawner.fs_gid == 100
    assert config.JupyterHub.authenticator_class == "nativeauthenticator.NativeAuthenticator"
    assert config.Authenticator.admin_users == ["admin"] and config.Authenticator.allow_all is True
    culler, = config.JupyterHub.services
    assert culler["name"] == "jupyterhub-idle-culler" and "--timeout=3600" in culler["command"]


def test_each_reviewers_pod_runs_as_their_own_user_on_the_shared_project(monkeypatch: pytest.MonkeyPatch) -> None:
    values = kubernetes_values()
    config = load_chart_hub_config(values, monkeypatch)
    claim = yaml.safe_load((DEPLOY / "shared-volume.yaml").read_text())["metadata"]["name"]
    uids = set()
    for user in (HubUser("ana", 1), HubUser("ben", 2)):
        pod = reviewers_pod(config, user, monkeypatch)
        server, = pod["spec"]["containers"]
        env = {variable["name"]: variable.get("value") for variable in server["env"]}
        uids.add(server["securityContext"]["runAsUser"])
        assert server["securityContext"]["runAsUser"] == 20000 + user.id
        assert server["securityContext"]["runAsGroup"] == 100
        assert server["securityContext"]["allowPrivilegeEscalation"] is False
        assert pod["spec"]["securityContext"] == {"fsGroup": 100, "fsGroupChangePolicy": "OnRootMismatch"}
        assert server["image"] == "registry.example.org/review/synthesis-notebook:0.1.0"
        assert {"name": "review-project", "persistentVolumeClaim": {"claimName": claim}} in pod["spec"]["volumes"]
        assert {"name": "review-project", "mountPath": PROJECT} in server["volumeMounts"]
        assert {"name": f"volume-{user.name}", "mountPath": "/home/jovyan"} in server["volumeMounts"]
        assert env["JUPYTERHUB_USER"] == user.name
        assert env["JUPYTERHUB_ROOT_DIR"] == env["SYNTHESIS_PROJECT"] == PROJECT
        assert env["JUPYTERHUB_DEFAULT_URL"] == "/voila/render/code.ipynb"
        assert server["args"] == values["singleuser"]["cmd"] + values["hub"]["config"]["Spawner"]["args"]
    assert uids == {20001, 20002}


def test_a_pods_start_command_sets_the_reviewer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pod = reviewers_pod(load_chart_hub_config(kubernetes_values(), monkeypatch), HubUser("ana", 1), monkeypatch)
    bash, flag, start, name, *_ = pod["spec"]["containers"][0]["args"]
    assert (bash, flag, name) == ("bash", "-c", "jupyterhub-singleuser")
    (tmp_path / "reviewers.toml").write_text('[reviewers]\nana = "AN"\n')
    # `python` in the image is the one the workbench is installed in, as it is here
    path = f"{Path(sys.executable).parent}:/usr/bin:/bin"
    env = {"JUPYTERHUB_USER": "ana", "SYNTHESIS_PROJECT": str(tmp_path), "PATH": path}
    assert run_start_command(start, name, env) == ["0002", "AN"]


def test_both_deployments_start_servers_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SYNTHESIS_PROJECT", PROJECT)
    one_server = PyFileConfigLoader("jupyterhub_config.py", path=str(DEPLOY)).load_config()
    kubernetes = load_chart_hub_config(kubernetes_values(), monkeypatch)
    assert kubernetes.Spawner.args == one_server.Spawner.args
    assert kubernetes.Spawner.default_url == one_server.Spawner.default_url
    assert kubernetes.Spawner.notebook_dir == one_server.Spawner.notebook_dir == PROJECT
    assert kubernetes.KubeSpawner.environment == one_server.Spawner.environment
    # the same start, with the image's python and jupyterhub-singleuser where one server names its own
    singleuser = Path(sys.executable).parent / "jupyterhub-singleuser"
    start = one_server.Spawner.cmd[2].replace(shlex.quote(sys.executable), "python")
    start = start.replace(shlex.quote(str(singleuser)), "jupyterhub-singleuser")
    assert kubernetes.Spawner.cmd == [*one_server.Spawner.cmd[:2], start, one_server.Spawner.cmd[3]]


# The settings each reviewer's server is started with (Spawner.args), by class.
SERVER_CONFIGURABLES: dict[str, type[Configurable]] = {
    "MappingKernelManager": MappingKernelManager, "VoilaConfiguration": VoilaConfiguration,
}


def test_the_servers_arguments_name_real_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    arguments = load_chart_hub_config(kubernetes_values(), monkeypatch).Spawner.args
    assert arguments
    for argument in arguments:
        match = re.fullmatch(r"--(\w+)\.(\w+)=(.*)", argument)
        assert match, argument
        section, name, value = match.groups()
        trait = SERVER_CONFIGURABLES[section].class_traits(config=True).get(name)
        assert trait is not None, f"{section} has no setting {name}"
        trait.from_string(value)  # raises for a value of the wrong kind
