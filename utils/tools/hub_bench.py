"""A whole class on one machine: the hub recipe (hub/) under N simulated students.

    python -m utils.tools.hub_bench                    # 30 students, 4 at a time
    python -m utils.tools.hub_bench --students 3       # a quick run
    python -m utils.tools.hub_bench --link             # print the link a teacher gives out

What it does, on 127.0.0.1 only (the students' browser can reach nothing else):
1. makes a git repository of this copy of the course in a temporary folder (the files git would
   see: tracked and untracked, minus the ignored ones; the checkout itself is only read) that
   stands in for the course's public repository;
2. starts JupyterHub with hub/jupyterhub_config.py (its proxy, configurable-http-proxy, from the
   npm registry into .cache/hub/ the first time) and a state folder in the temporary folder;
3. lets N students in, at most --concurrency at a time, each in their own Chromium context:
   open the nbgitpuller link of a lesson, log in with the shared password, wait while the hub
   starts their server and nbgitpuller copies the course into their folder, and the lesson opens
   in app mode (Voila) and runs; then type an answer to Prompt 1 and their name, and hand the
   lesson in (confirming the unfinished parts);
4. measures, per student: seconds from the log-in to the lesson interactive (server start and
   copy included) and from the lesson's request to interactive, and the resident memory (RSS) of
   their Jupyter server and its kernels while the lesson is open;
5. checks that no answer crossed between students: each student's answers file holds their own
   answer and nothing else any student typed, and their submissions/ folder holds one file, theirs.

Prints p50/p95 and memory per student, writes bench-results/hub.json, and exits 1 if a student
failed or an answer crossed. Needs the `hub` extra (pip install -e '.[hub]'), npm, and Chromium.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.parse
import urllib.request
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterator

from utils.tools import app_server
from utils.tools import labserver
from utils.tools.browser_bench import JS_APP_LIVE, WIDGET_OUTPUT

PROXY_PACKAGE = "configurable-http-proxy@5.2.0"  # 5.3 needs Node 22; Debian 13 has Node 20
LESSON = "notebooks/03_the_murder_of_kirov.ipynb"
TARGET = "purges-and-hysteria"  # the folder the course is copied into, in each student's folder
CONFIG = "hub/jupyterhub_config.py"
RESULTS = "bench-results/hub.json"
HUB_MISSING = ("JupyterHub or nbgitpuller is not installed: pip install -e '.[hub]' "
               "(then run this again)")


def proxy_program(root: Path, install: bool = True) -> Path:
    """configurable-http-proxy in .cache/hub/ (installed from the npm registry if missing)."""
    program = root / ".cache" / "hub" / "node_modules" / ".bin" / "configurable-http-proxy"
    if program.exists() or not install:
        return program
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("JupyterHub's proxy comes from npm, which is not installed "
                         "(Debian: apt install npm).")
    (root / ".cache" / "hub").mkdir(parents=True, exist_ok=True)
    print(f"installing {PROXY_PACKAGE} into .cache/hub/ (npm registry) ...", flush=True)
    subprocess.run([npm, "install", "--prefix", str(root / ".cache" / "hub"), "--no-audit",
                    "--no-fund", "--loglevel=error", PROXY_PACKAGE], check=True)
    return program


def nbgitpuller_link(hub_url: str, repo: str, branch: str = "main", lesson: str = LESSON,
                     app_mode: bool = True) -> str:
    """The link a teacher gives out (nbgitpuller's format): log in, copy or update the course in
    the student's folder, open the lesson (in app mode, or in JupyterLab)."""
    page = (f"voila/render/{TARGET}/{lesson}" if app_mode else f"lab/tree/{TARGET}/{lesson}")
    query = urllib.parse.urlencode({"repo": repo, "branch": branch, "targetpath": TARGET,
                                    "urlpath": page})
    return f"{hub_url.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def course_snapshot(root: Path, dest: Path) -> str:
    """A git repository at dest holding this copy of the course as it is now (what git would
    see: tracked and untracked files, not ignored ones), on branch main; returns its file:// URL.
    The course checkout is only read."""
    listed = subprocess.run(["git", "-C", str(root), "ls-files", "-z", "--cached", "--others",
                             "--exclude-standard"], capture_output=True, check=False)
    dest.mkdir(parents=True)
    if listed.returncode == 0:
        for rel in filter(None, listed.stdout.decode().split("\0")):
            src = root / rel
            if src.is_file():
                (dest / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, dest / rel)
    else:  # not a git checkout (a downloaded copy): the course's own folders
        for name in ("lessons", "data", "notebooks", "utils", ".gitignore", "pyproject.toml"):
            if (root / name).is_dir():
                shutil.copytree(root / name, dest / name,
                                ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
            elif (root / name).is_file():
                shutil.copy2(root / name, dest / name)
    git = ["git", "-C", str(dest), "-c", "user.name=hub bench", "-c", "user.email=bench@localhost",
           "-c", "commit.gpgsign=false"]
    subprocess.run(git + ["init", "-q", "-b", "main"], check=True)
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-q", "-m", "the course as the hub bench found it"], check=True)
    return dest.as_uri()


@dataclass
class Hub:
    url: str
    state: Path
    password: str
    proc: subprocess.Popen = field(repr=False)
    log_path: Path = field(repr=False)

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def user_folder(self, name: str) -> Path:
        return self.state / "users" / name

    def server_pids(self) -> dict[str, int]:
        """Each student's single-user server process (JUPYTERHUB_USER in its environment)."""
        found = {}
        for pid in app_server.descendants(self.proc.pid):
            try:
                env = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
                cmd = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue
            user = next((e[len(b"JUPYTERHUB_USER="):].decode() for e in env
                         if e.startswith(b"JUPYTERHUB_USER=")), None)
            if user and b"jupyterhub-singleuser" in cmd and user not in found:
                found[user] = pid
        return found

    def cpu_of(self, name: str) -> float:
        """CPU seconds used so far by the student's server and its kernels."""
        pid = self.server_pids().get(name)
        return app_server.cpu_seconds(app_server.descendants(pid)) if pid else 0.0

    def memory_of(self, name: str) -> int:
        """RSS of the student's server and everything under it (their kernels), in bytes."""
        pid = self.server_pids().get(name)
        return app_server.rss_bytes(app_server.descendants(pid)) if pid else 0


@contextmanager
def running_hub(root: Path, state: Path, concurrent_spawns: int = 5,
                start_timeout: float = 120) -> Iterator[Hub]:
    """JupyterHub from hub/jupyterhub_config.py on 127.0.0.1 (free ports), state in `state`;
    stopped at the end with every student's server (SIGTERM, as Ctrl+C)."""
    password = secrets.token_urlsafe(12)
    port = _free_block()
    env = dict(os.environ, PH_HUB_PASSWORD=password, PH_HUB_PORT=str(port), PH_HUB_IP="127.0.0.1",
               PH_HUB_STATE=str(state), PH_HUB_PROXY=str(proxy_program(root)),
               PH_HUB_CONCURRENT_SPAWNS=str(concurrent_spawns), PYTHONUNBUFFERED="1")
    for name in ("PH_ANSWERS_DIR", "PH_SUBMISSIONS_DIR", "PH_COURSE_ROOT", "PYTHONSTARTUP"):
        env.pop(name, None)
    # the proxy and the single-user servers must find Node and the environment's programs
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    state.mkdir(parents=True, exist_ok=True)
    log_path = state / "jupyterhub.log"
    cmd = [str(Path(sys.executable).with_name("jupyterhub")), "-f", str(root / CONFIG)]
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, cwd=state, env=env, stdin=subprocess.DEVNULL, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)
        hub = Hub(f"http://127.0.0.1:{port}", state, password, proc, log_path)
        try:
            deadline = time.monotonic() + start_timeout
            while True:
                try:
                    urllib.request.urlopen(f"{hub.url}/hub/api/", timeout=5).read()
                    break
                except OSError:
                    if proc.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError("JupyterHub did not start:\n" + hub.log_tail()) from None
                    time.sleep(0.2)
            yield hub
        finally:
            _stop_hub(proc)


def _stop_hub(proc: subprocess.Popen) -> None:
    """SIGTERM: JupyterHub stops every single-user server and its proxy, then exits."""
    for sig, wait in ((signal.SIGTERM, 90), (signal.SIGKILL, 10)):
        if proc.poll() is not None:
            break
        proc.send_signal(sig)
        try:
            proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
    # anything left in the hub's session (a server the hub lost track of): end it
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _free_block() -> int:
    """A port p with p, p+1 and p+2 free (hub, proxy API, hub's own port)."""
    for _ in range(50):
        port = app_server.free_port()
        if port > 65000:
            continue
        try:
            socks = []
            for p in (port, port + 1, port + 2):
                s = socket.socket()
                socks.append(s)
                s.bind(("127.0.0.1", p))
            return port
        except OSError:
            continue
        finally:
            for s in socks:
                s.close()
    raise RuntimeError("no three free ports in a row on 127.0.0.1")


@dataclass
class Student:
    name: str
    answer: str
    login_to_interactive: float | None = None
    page_to_interactive: float | None = None
    memory_bytes: int = 0
    cpu_seconds: float = 0.0
    handed_in: bool = False
    error: str | None = None


async def one_student(browser, hub: Hub, link: str, student: Student, timeout_ms: int) -> None:
    from playwright.async_api import expect

    ctx = await browser.new_context(viewport={"width": 1400, "height": 900})
    ctx.set_default_timeout(timeout_ms)
    local = hub.url

    async def route(r):
        if r.request.url.startswith(local):
            await r.continue_()
        else:
            await r.abort()

    await ctx.route("**/*", route)
    page = await ctx.new_page()
    voila_requested: list[float] = []
    page.on("request", lambda r: voila_requested.append(time.perf_counter())
            if "/voila/render/" in r.url and r.is_navigation_request() else None)
    try:
        await page.goto(link, wait_until="domcontentloaded")  # the hub's log-in page
        await page.locator("#username_input").fill(student.name)
        await page.locator("#password_input").fill(hub.password)
        start = time.perf_counter()
        async with page.expect_response(lambda r: "/voila/render/" in r.url and r.status == 200,
                                        timeout=timeout_ms * 2) as info:
            await page.locator("#login_submit").click()
        response = await info.value
        html = await response.text()
        await page.wait_for_function(JS_APP_LIVE, arg=len(WIDGET_OUTPUT.findall(html)),
                                     polling=100, timeout=timeout_ms)
        done = time.perf_counter()
        student.login_to_interactive = done - start
        student.page_to_interactive = done - (voila_requested[-1] if voila_requested else start)
        errors = await page.locator(".jp-OutputArea-output[data-mime-type*='error']").count()
        if errors:
            raise RuntimeError(f"{errors} cell(s) failed in the lesson")

        # an answer to Prompt 1, and the student's name
        prompt = page.get_by_role("textbox", name="Prompt 1:")
        await prompt.fill(student.answer)
        words = len(student.answer.split())
        await expect(page.get_by_text(f"{words} words. Saved automatically.")).to_be_visible(
            timeout=timeout_ms)
        name = page.get_by_role("textbox", name="Your name:")
        await name.fill(student.name)
        await name.press("Enter")
        # hand in: the lesson has unfinished parts, so confirm them, then hand in again
        button = page.get_by_role("button", name="Hand in this lesson")
        box = page.locator(".jp-OutputArea-output").filter(has=button)
        await button.click()
        confirm = box.get_by_role("checkbox", name=re.compile(r"^Hand in with (these \d+ parts|this part) unfinished$"))
        await confirm.check()
        await button.click()
        await expect(box.get_by_role("link", name="Download your submission")).to_be_visible(
            timeout=timeout_ms)
        student.handed_in = True
        student.memory_bytes = hub.memory_of(student.name)  # the lesson's kernel is still open
        student.cpu_seconds = hub.cpu_of(student.name)
    except Exception as exc:  # noqa: BLE001  (reported per student; the run goes on)
        student.error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:300] if str(exc) else ''}"
    finally:
        await ctx.close()


async def run_class(hub: Hub, link: str, students: list[Student], concurrency: int,
                    timeout_ms: int) -> None:
    from playwright.async_api import async_playwright

    gate = asyncio.Semaphore(concurrency)
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=labserver.find_chromium(), headless=True,
                                           args=labserver.CHROMIUM_ARGS)
        try:
            async def go(s: Student):
                async with gate:
                    t = time.perf_counter()
                    await one_student(browser, hub, link, s, timeout_ms)
                    print(f"  {s.name}: " + (f"interactive {s.login_to_interactive:.1f} s after "
                          f"log-in ({s.page_to_interactive:.1f} s after the lesson's request), "
                          f"{s.memory_bytes / 2**20:.0f} MB, handed in" if s.error is None
                          else f"FAILED after {time.perf_counter() - t:.0f} s: {s.error}"),
                          flush=True)

            await asyncio.gather(*(go(s) for s in students))
        finally:
            await browser.close()


def crossings(hub: Hub, students: list[Student]) -> list[str]:
    """What crossed between students (or went missing): [] if each student's answers file holds
    their own answer and nothing any other student typed, and their one submission."""
    problems = []
    for s in students:
        course = hub.user_folder(s.name) / TARGET
        answers_file = course / "answers" / "answers.json"
        try:
            saved = json.loads(answers_file.read_text(encoding="utf-8"))["answers"]
        except (OSError, ValueError, KeyError) as exc:
            problems.append(f"{s.name}: no readable answers file ({exc})")
            continue
        texts = json.dumps(saved, ensure_ascii=False)
        if s.answer not in texts:
            problems.append(f"{s.name}: their own answer is not in their answers file")
        others = [o.name for o in students if o is not s and o.answer in texts]
        if others:
            problems.append(f"{s.name}: their answers file holds the answer of {', '.join(others)}")
        subs = sorted((course / "submissions").glob("*")) if (course / "submissions").is_dir() else []
        if s.handed_in and len(subs) != 1:
            problems.append(f"{s.name}: {len(subs)} files in submissions/ (expected 1)")
        for sub in subs:
            body = sub.read_text(encoding="utf-8", errors="replace")
            if s.answer not in body:
                problems.append(f"{s.name}: their submission lacks their answer")
            leaked = [o.name for o in students if o is not s and o.answer in body]
            if leaked:
                problems.append(f"{s.name}: their submission holds the answer of {', '.join(leaked)}")
    return problems


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100), linear between the nearest ranks."""
    values = sorted(values)
    if not values:
        return float("nan")
    k = (len(values) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def summary(students: list[Student], problems: list[str], concurrency: int, wall: float,
            total_memory: int, servers: int = 0, kernels: int = 0) -> dict:
    ok = [s for s in students if s.error is None]
    login = [s.login_to_interactive for s in ok]
    page = [s.page_to_interactive for s in ok]
    mem = [s.memory_bytes / 2**20 for s in ok if s.memory_bytes]
    cpu = [s.cpu_seconds for s in ok if s.cpu_seconds]
    return {
        "students": len(students), "succeeded": len(ok), "concurrency": concurrency,
        "wall_seconds": round(wall, 1),
        "login_to_interactive_s": {"p50": round(percentile(login, 50), 2),
                                   "p95": round(percentile(login, 95), 2)} if login else None,
        "request_to_interactive_s": {"p50": round(percentile(page, 50), 2),
                                     "p95": round(percentile(page, 95), 2)} if page else None,
        "memory_per_student_mb": {"p50": round(statistics.median(mem)),
                                  "max": round(max(mem))} if mem else None,
        "cpu_seconds_per_student": {"p50": round(statistics.median(cpu), 1),
                                    "max": round(max(cpu), 1)} if cpu else None,
        "memory_all_servers_after_mb": round(total_memory / 2**20),
        "servers_after": servers, "kernels_after": kernels,
        "answers_crossed": problems,
        "cpus": os.cpu_count(),
        "load_average_at_end": [round(x, 1) for x in os.getloadavg()],
        "per_student": [asdict(s) for s in students],
    }


def report(res: dict) -> bool:
    ok = res["succeeded"] == res["students"] and not res["answers_crossed"]
    print(f"hub: {res['succeeded']}/{res['students']} students opened the lesson, answered and "
          f"handed in ({res['concurrency']} at a time, {res['wall_seconds']:.0f} s in all, "
          f"{res['cpus']} cores; load average at the end "
          f"{', '.join(str(x) for x in res['load_average_at_end'])})")
    if res["login_to_interactive_s"]:
        a, b = res["login_to_interactive_s"], res["request_to_interactive_s"]
        print(f"    log-in to lesson interactive (server start and course copy included): "
              f"p50 {a['p50']:.1f} s, p95 {a['p95']:.1f} s")
        print(f"    lesson request to interactive: p50 {b['p50']:.1f} s, p95 {b['p95']:.1f} s")
    if res["memory_per_student_mb"]:
        m = res["memory_per_student_mb"]
        print(f"    memory per student (RSS of their server + the lesson's kernel): p50 {m['p50']} MB, "
              f"max {m['max']} MB; the whole class at the end ({res['servers_after']} servers, "
              f"{res['kernels_after']} kernels still running): {res['memory_all_servers_after_mb']} MB")
    if res.get("cpu_seconds_per_student"):
        c = res["cpu_seconds_per_student"]
        print(f"    CPU per student (their server's start, the course copy, the lesson's run, the "
              f"answer and the hand-in): p50 {c['p50']:.1f} s, max {c['max']:.1f} s of one core")
    print("    answers crossed between students: " + ("none (each answers file and submission "
          "holds only its student's answer)" if not res["answers_crossed"]
          else "; ".join(res["answers_crossed"])), flush=True)
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m utils.tools.hub_bench",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--concurrency", type=int, default=4,
                        help="students working at the same moment (default 4)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds per step of a student")
    parser.add_argument("--link", action="store_true",
                        help="print the nbgitpuller link of a lesson for HUB_URL and the course's "
                             "repository, and stop")
    parser.add_argument("--hub-url", default="http://127.0.0.1:8000")
    parser.add_argument("--keep", metavar="FOLDER", help="keep the hub's state (students' folders) here")
    args = parser.parse_args(argv)
    root = app_server.course_root()
    if args.link:
        print(nbgitpuller_link(args.hub_url, _repository(root)))
        return 0
    try:
        import jupyterhub  # noqa: F401
        import nbgitpuller  # noqa: F401
    except ImportError:
        print(f"hub bench skipped: {HUB_MISSING}")
        return 0
    if labserver.find_chromium() is None:
        print(f"hub bench skipped: {labserver.CHROMIUM_MISSING}")
        return 0
    students = [Student(f"student-{i:02d}", f"Answer of student-{i:02d} ({secrets.token_hex(4)}): "
                        "the vote story comes from memoirs written decades later.")
                for i in range(1, args.students + 1)]
    with tempfile.TemporaryDirectory(prefix="ph-hub-bench-", ignore_cleanup_errors=True) as tmp_name:
        tmp = Path(tmp_name)
        state = Path(args.keep).resolve() if args.keep else tmp / "state"
        repo = course_snapshot(root, tmp / "course.git")
        with running_hub(root, state, concurrent_spawns=max(args.concurrency, 1)) as hub:
            link = nbgitpuller_link(hub.url, repo)
            print(f"hub on {hub.url}; {args.students} students, {args.concurrency} at a time; "
                  f"the link: {link}", flush=True)
            start = time.perf_counter()
            asyncio.run(run_class(hub, link, students, max(args.concurrency, 1),
                                  int(args.timeout * 1000)))
            wall = time.perf_counter() - start
            servers = hub.server_pids()
            total = sum(hub.memory_of(n) for n in servers)
            kernels = sum(1 for pid in app_server.descendants(hub.proc.pid)
                          if b"ipykernel" in _cmdline(pid))
            problems = crossings(hub, students)
            failed = [s for s in students if s.error]
            if failed:
                print("hub log (end):\n" + hub.log_tail(3000), file=sys.stderr)
        res = summary(students, problems, args.concurrency, wall, total, len(servers), kernels)
    out = root / RESULTS
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({**res, "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())},
                              indent=1), encoding="utf-8")
    ok = report(res)
    print(f"    (written to {RESULTS})")
    return 0 if ok else 1


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _repository(root: Path) -> str:
    """The course's public repository (pyproject.toml, [project.urls] Repository)."""
    with open(root / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["project"]["urls"]["Repository"]


if __name__ == "__main__":
    sys.exit(main())
