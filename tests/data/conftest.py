"""tests/data holds files that tests read, among them another project's Python files (the Zero to
JupyterHub chart's hub configuration), which run only inside the tests that set them up."""

collect_ignore_glob = ["*"]
