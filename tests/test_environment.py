"""environment.yml (conda) and pyproject.toml (pip) name the same dependencies."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _split(spec: str) -> tuple[str, str]:
    match = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", spec)
    assert match, spec
    return match.group(1).lower().replace("_", "-"), match.group(2).replace(" ", "")


def _pyproject() -> dict[str, str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    specs = data["project"]["dependencies"] + data["project"]["optional-dependencies"]["test"]
    return dict(_split(s) for s in specs)


def _environment() -> dict[str, str]:
    data = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    specs = [d for d in data["dependencies"] if isinstance(d, str)]
    return dict(_split(s) for s in specs if not s.startswith(("python", "pip")) or s.startswith("python-"))


def test_same_packages_and_bounds() -> None:
    assert _environment() == _pyproject()


def test_python_version_matches() -> None:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert f"python{data['project']['requires-python']}" in env["dependencies"]
