"""The notebooks carry the metadata JupyterLab would write into them when their kernel starts, so
one opens without the unsaved-changes mark before the reviewer has done anything (JupyterLab marks
a notebook changed when it fills in a missing ``language_info``)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from ipykernel.ipkernel import IPythonKernel

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_a_notebook_has_its_kernel_and_the_language_the_kernel_reports(path):
    metadata = nbformat.read(path, as_version=4).metadata
    assert metadata["kernelspec"] == {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    stored = dict(metadata["language_info"])
    kernel = dict(IPythonKernel.language_info)
    # the Python version is that of the machine the notebooks were made on; everything else is the kernel's
    assert stored.pop("version", None) and kernel.pop("version")
    assert stored == kernel
