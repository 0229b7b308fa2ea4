"""The class hub recipe (hub/jupyterhub_config.py) is a valid JupyterHub configuration that keeps
to its promises: loopback only, a shared password, one folder per student, no answers folder of
the hub passed on, and the hub bench's checks (links, answers crossing) can fail.

Loading the file needs only traitlets; the checks of the classes it names need the `hub` extra
(pip install -e '.[hub]') and are skipped without it, with one line saying so.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import urllib.parse
from pathlib import Path

import pytest
from traitlets.config.loader import PyFileConfigLoader

from utils.tools import hub_bench

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "hub" / "jupyterhub_config.py"
PASSWORD = "class-password-1"


def load(monkeypatch, tmp_path, **env):
    for name in ("PH_HUB_IP", "PH_HUB_PORT", "PH_HUB_STUDENTS", "PH_HUB_ADMIN_PASSWORD", "PH_HUB_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PH_HUB_STATE", str(tmp_path / "state"))
    for name, value in {"PH_HUB_PASSWORD": PASSWORD, **env}.items():
        monkeypatch.setenv(name, value)
    return PyFileConfigLoader(CONFIG.name, path=str(CONFIG.parent)).load_config()


def test_loopback_shared_password_one_folder_per_student(monkeypatch, tmp_path):
    c = load(monkeypatch, tmp_path)
    assert c.JupyterHub.ip == "127.0.0.1" and c.JupyterHub.hub_ip == "127.0.0.1"
    assert c.ConfigurableHTTPProxy.api_url.startswith("http://127.0.0.1:")
    assert c.Spawner.ip == "127.0.0.1"
    assert c.JupyterHub.authenticator_class == "shared-password"
    assert c.SharedPasswordAuthenticator.user_password == PASSWORD
    assert c.JupyterHub.spawner_class == "simple"
    template = c.SimpleLocalProcessSpawner.home_dir_template
    assert template == str((tmp_path / "state" / "users").resolve() / "{username}")
    assert Path(c.Spawner.cmd[0]).name == "jupyterhub-singleuser"
    # the hub's own answers/submissions folders (PH_*) never reach a student's server
    assert not any(k.startswith("PH_") for k in c.Spawner.env_keep)
    assert c.JupyterHub.db_url.startswith("sqlite:///" + str((tmp_path / "state").resolve()))
    assert (tmp_path / "state" / "users").is_dir()


def test_only_named_students_when_a_list_is_given(monkeypatch, tmp_path):
    c = load(monkeypatch, tmp_path, PH_HUB_STUDENTS="ana, ben,,carla")
    assert c.Authenticator.allowed_users == {"ana", "ben", "carla"}
    assert "allow_all" not in c.Authenticator


def test_no_password_is_a_clear_message(monkeypatch, tmp_path):
    monkeypatch.setenv("PH_HUB_STATE", str(tmp_path / "state"))
    monkeypatch.setenv("PH_HUB_PASSWORD", "short")
    with pytest.raises(SystemExit, match="PH_HUB_PASSWORD"):
        PyFileConfigLoader(CONFIG.name, path=str(CONFIG.parent)).load_config()
    with pytest.raises(SystemExit, match="PH_HUB_ADMIN_PASSWORD.*32 characters"):
        load(monkeypatch, tmp_path, PH_HUB_ADMIN_PASSWORD="too-short-for-a-teacher")


def test_the_named_classes_accept_the_configuration(monkeypatch, tmp_path):
    pytest.importorskip("jupyterhub", reason="the hub extra is not installed (pip install -e '.[hub]')")
    from jupyterhub.app import JupyterHub
    from jupyterhub.authenticators.shared import SharedPasswordAuthenticator
    from jupyterhub.spawner import SimpleLocalProcessSpawner

    c = load(monkeypatch, tmp_path, PH_HUB_ADMIN_PASSWORD="the-teacher-s-own-long-password-2")
    app = JupyterHub(config=c)
    assert app.authenticator_class is SharedPasswordAuthenticator
    assert app.spawner_class is SimpleLocalProcessSpawner
    auth = SharedPasswordAuthenticator(config=c)  # checks the passwords' length and difference
    assert auth.admin_users == {"teacher"}
    assert auth.allow_all  # any user name, with the class's password
    assert Path(c.Spawner.cmd[0]).exists(), c.Spawner.cmd


def test_the_link_is_nbgitpuller_s():
    link = hub_bench.nbgitpuller_link("http://127.0.0.1:8000/", "https://example.org/course")
    base, query = link.split("?", 1)
    assert base == "http://127.0.0.1:8000/hub/user-redirect/git-pull"
    q = dict(urllib.parse.parse_qsl(query))
    assert q == {"repo": "https://example.org/course", "branch": "main",
                 "targetpath": "purges-and-hysteria",
                 "urlpath": "voila/render/purges-and-hysteria/notebooks/03_the_murder_of_kirov.ipynb"}


class FakeHub:
    def __init__(self, folder: Path):
        self.folder = folder

    def user_folder(self, name: str) -> Path:
        return self.folder / name


def _work(hub: FakeHub, student, answers: list[str], submission: str | None = None):
    course = hub.user_folder(student.name) / hub_bench.TARGET
    (course / "answers").mkdir(parents=True)
    data = {"answers": {f"k{i}": {"value": {"text": a}} for i, a in enumerate(answers)}}
    (course / "answers" / "answers.json").write_text(json.dumps(data), encoding="utf-8")
    if submission is not None:
        (course / "submissions").mkdir()
        (course / "submissions" / f"{student.name}.html").write_text(submission, encoding="utf-8")


def test_the_crossing_check_finds_a_crossed_answer(tmp_path):
    hub = FakeHub(tmp_path)
    a = hub_bench.Student("student-01", "Answer A", handed_in=True)
    b = hub_bench.Student("student-02", "Answer B", handed_in=True)
    _work(hub, a, [a.answer], f"<p>{a.answer}</p>")
    _work(hub, b, [b.answer], f"<p>{b.answer}</p>")
    assert hub_bench.crossings(hub, [a, b]) == []

    c = hub_bench.Student("student-03", "Answer C", handed_in=True)
    _work(hub, c, [c.answer, a.answer], f"<p>{c.answer}</p><p>{b.answer}</p>")
    problems = hub_bench.crossings(hub, [a, b, c])
    assert "student-03: their answers file holds the answer of student-01" in problems
    assert "student-03: their submission holds the answer of student-02" in problems

    d = hub_bench.Student("student-04", "Answer D", handed_in=True)  # nothing saved at all
    assert any(p.startswith("student-04: no readable answers file")
               for p in hub_bench.crossings(hub, [d]))


def test_percentiles():
    assert hub_bench.percentile([3, 1, 2], 50) == 2
    assert hub_bench.percentile(list(range(1, 21)), 95) == pytest.approx(19.05)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_course_copy_leaves_students_work_out(tmp_path):
    """The stand-in repository holds the course but never a student's answers or submissions
    (git-ignored), whatever this checkout holds."""
    url = hub_bench.course_snapshot(ROOT, tmp_path / "course.git")
    assert url.startswith("file://")
    files = subprocess.run(["git", "-C", str(tmp_path / "course.git"), "ls-files"],
                           capture_output=True, text=True, check=True).stdout.split("\n")
    assert "lessons/course.yaml" in files and "notebooks/03_the_murder_of_kirov.ipynb" in files
    assert not [f for f in files if f.startswith(("answers/", "submissions/", ".venv/", ".cache/"))]
