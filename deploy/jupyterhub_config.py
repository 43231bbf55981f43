"""JupyterHub for a review team on one server (The Littlest JupyterHub style).

Every reviewer signs in to the hub with their own account on this machine and gets
their own Jupyter server, started as their own Unix user, which opens the shared
review project and lands on the coding app (JupyterLab is at /user/NAME/lab).
The workbench must be installed in the Python environment this file runs from,
which is also the reviewers' environment. docs/team-server.md walks through it.

Settings come from the environment of the hub's service, with these defaults:

    SYNTHESIS_PROJECT   /srv/review      the shared project folder (group-writable, see the docs)
    SYNTHESIS_HUB_URL   http://:8000     where the hub listens (put HTTPS in front of it)
    SYNTHESIS_HUB_DIR   /srv/jupyterhub  the hub's own database and cookie secret
"""

import os
import shlex
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (JupyterHub provides it)

project = os.environ.get("SYNTHESIS_PROJECT", "/srv/review")
hub_dir = Path(os.environ.get("SYNTHESIS_HUB_DIR", "/srv/jupyterhub"))
bin_dir = Path(sys.executable).parent

c.JupyterHub.bind_url = os.environ.get("SYNTHESIS_HUB_URL", "http://:8000")
c.JupyterHub.db_url = f"sqlite:///{hub_dir / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(hub_dir / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(hub_dir / "jupyterhub-proxy.pid")

# Reviewers sign in with their account on this machine (PAM) and their server runs as
# that Unix user, so the operating system keeps each reviewer to their own log.
c.JupyterHub.authenticator_class = "pam"
c.JupyterHub.spawner_class = "localprocess"
c.PAMAuthenticator.allowed_groups = {"reviewers"}   # members of the Unix group may sign in
c.Authenticator.admin_users = set(filter(None, os.environ.get("SYNTHESIS_HUB_ADMINS", "").split(",")))

# Each server starts with the umask 0002, so the files it creates in the shared project (the
# .synthesis folder: places, caches) are group-writable; each reviewer's log is still created
# writable by its owner only (synthesis/log.py). SYNTHESIS_REVIEWER, the notebooks' default
# reviewer, is the hub user's reviewer id (synthesis/hub.py reads the project's reviewers.toml).
start = (f'umask 0002 && export SYNTHESIS_REVIEWER="$({shlex.quote(sys.executable)} -m synthesis.hub)" '
         f'&& exec {shlex.quote(str(bin_dir / "jupyterhub-singleuser"))} "$@"')
c.Spawner.cmd = ["bash", "-c", start, "jupyterhub-singleuser"]
c.Spawner.notebook_dir = project
c.Spawner.environment = {"SYNTHESIS_PROJECT": project}
# The coding app (Voila, inside each reviewer's own server: the hub's sign-in protects it).
c.Spawner.default_url = "/voila/render/code.ipynb"
c.Spawner.args = [
    # a kernel whose page vanished without a goodbye is culled after a minute, releasing its
    # reviewer's log (a shorter wait can cull the kernel of a page still loading on a busy server)
    "--MappingKernelManager.cull_idle_timeout=60",
    "--MappingKernelManager.cull_interval=5",
    "--MappingKernelManager.cull_connected=False",
    "--MappingKernelManager.kernel_info_timeout=240",
    "--VoilaConfiguration.show_tracebacks=False",
]
# Servers nobody used for an hour are stopped by the hub's idle culler, when installed
# (pip install jupyterhub-idle-culler).
try:
    import jupyterhub_idle_culler  # noqa: F401
except ImportError:
    pass
else:
    c.JupyterHub.load_roles = [{"name": "idle-culler", "services": ["idle-culler"],
                                "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]}]
    c.JupyterHub.services = [{"name": "idle-culler",
                              "command": [sys.executable, "-m", "jupyterhub_idle_culler", "--timeout=3600"]}]
