"""JupyterHub for a whole class on ONE machine: the course's recipe (hub/README.md says how to run it).

    .venv/bin/jupyterhub -f hub/jupyterhub_config.py       # after: pip install -e '.[hub]' and
                                                            # npm install --prefix .cache/hub configurable-http-proxy@5.2.0

What it sets up
* JupyterHub (PyPI) with its proxy, configurable-http-proxy (npm, installed into the git-ignored
  .cache/hub/), both listening on 127.0.0.1 only. To let a classroom in, put the machine's
  address in PH_HUB_IP (and a TLS-terminating web server in front of it: see the README).
* Log-in with one shared password for the class (JupyterHub's SharedPasswordAuthenticator): each
  student types a user name of their own and the password the teacher gives out (PH_HUB_PASSWORD,
  8 characters or more). Any name is let in (allow_all); set PH_HUB_STUDENTS ("ana,ben,...") to
  let in only those names. PH_HUB_ADMIN_PASSWORD, if set, is the teacher's password (32
  characters or more, as JupyterHub requires; user name in PH_HUB_ADMIN, default "teacher"): the
  admin page shows and stops every student's server.
* One Jupyter server per student, started as a process on this machine (SimpleLocalProcessSpawner,
  no system users needed), in the student's own folder: <PH_HUB_STATE>/users/<name>/. The course
  gets into that folder through an nbgitpuller link (hub/README.md, `python -m utils.tools.hub_bench
  --link`): the first click copies the course (git clone) into <folder>/purges-and-hysteria/, later
  clicks bring in the teacher's changes without touching the student's answers (answers/ and
  submissions/ are git-ignored, so a pull never sees them).
* SimpleLocalProcessSpawner runs every server as the hub's own system user: students are kept
  apart by folders, not by the operating system. Good for one class on a machine the teacher
  controls; for anything larger use Zero to JupyterHub on Kubernetes (docs/teaching-a-class.md).

Every setting comes from the environment, so the bench (utils/tools/hub_bench.py) and a teacher
run the same file:
  PH_HUB_PASSWORD (required), PH_HUB_IP (127.0.0.1), PH_HUB_PORT (8000; the proxy's API uses
  port+1, the hub itself port+2), PH_HUB_STATE (hub/state: database, cookie secret, students'
  folders; git-ignored), PH_HUB_PROXY (the configurable-http-proxy program), PH_HUB_STUDENTS,
  PH_HUB_ADMIN, PH_HUB_ADMIN_PASSWORD, PH_HUB_CONCURRENT_SPAWNS (5).
"""
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
COURSE = HERE.parent
STATE = Path(os.environ.get("PH_HUB_STATE") or HERE / "state").resolve()
PROXY = os.environ.get("PH_HUB_PROXY") or str(COURSE / ".cache" / "hub" / "node_modules" / ".bin"
                                              / "configurable-http-proxy")
IP = os.environ.get("PH_HUB_IP", "127.0.0.1")
PORT = int(os.environ.get("PH_HUB_PORT", "8000"))
PASSWORD = os.environ.get("PH_HUB_PASSWORD", "")
if len(PASSWORD) < 8:
    sys.exit("hub/jupyterhub_config.py: set PH_HUB_PASSWORD to the class's shared password "
             "(8 characters or more) before starting the hub.")

c = get_config()  # noqa: F821  (JupyterHub defines it for config files)

(STATE / "users").mkdir(parents=True, exist_ok=True)

# -- network: this machine only, unless PH_HUB_IP says otherwise -----------------------------------
c.JupyterHub.ip = IP
c.JupyterHub.port = PORT
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = PORT + 2
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{PORT + 1}"
c.ConfigurableHTTPProxy.command = [PROXY]
c.ConfigurableHTTPProxy.should_start = True
c.Spawner.ip = "127.0.0.1"

# -- the hub's own files ---------------------------------------------------------------------------
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")

# -- log-in: one shared password for the class -----------------------------------------------------
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = PASSWORD
if os.environ.get("PH_HUB_STUDENTS"):
    c.Authenticator.allowed_users = {n.strip() for n in os.environ["PH_HUB_STUDENTS"].split(",") if n.strip()}
else:
    c.Authenticator.allow_all = True
if os.environ.get("PH_HUB_ADMIN_PASSWORD"):
    if len(os.environ["PH_HUB_ADMIN_PASSWORD"]) < 32 or os.environ["PH_HUB_ADMIN_PASSWORD"] == PASSWORD:
        sys.exit("hub/jupyterhub_config.py: PH_HUB_ADMIN_PASSWORD, the teacher's password, must have "
                 "32 characters or more and differ from the students' password.")
    c.SharedPasswordAuthenticator.admin_password = os.environ["PH_HUB_ADMIN_PASSWORD"]
    c.Authenticator.admin_users = {os.environ.get("PH_HUB_ADMIN", "teacher")}
# user names become folder names: letters, digits, - and _ only
c.Authenticator.username_pattern = r"^[a-z0-9][a-z0-9_-]{0,39}$"

# -- one server per student, in the student's own folder -------------------------------------------
c.JupyterHub.spawner_class = "simple"  # jupyterhub.spawner.SimpleLocalProcessSpawner
c.SimpleLocalProcessSpawner.home_dir_template = str(STATE / "users" / "{username}")
# the single-user server of the environment the hub runs in (the course's .venv: JupyterLab, Voila,
# the course package, nbgitpuller)
c.Spawner.cmd = [str(Path(sys.executable).with_name("jupyterhub-singleuser"))]
c.Spawner.args = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 180  # 30 students starting at once on a small machine take a while
c.Spawner.http_timeout = 180
# never pass the hub's own answer and submission folders on (each student's go in their folder)
c.Spawner.env_keep = ["PATH", "LANG", "LC_ALL", "VIRTUAL_ENV"]
c.JupyterHub.concurrent_spawn_limit = int(os.environ.get("PH_HUB_CONCURRENT_SPAWNS", "5"))

# a student who closed the laptop: stop their server after an hour idle (JupyterHub's idle culler
# is a separate package; the single-user server stops itself)
c.Spawner.args += ["--ServerApp.shutdown_no_activity_timeout=3600",
                   "--MappingKernelManager.cull_idle_timeout=1800",
                   "--MappingKernelManager.cull_interval=300"]
