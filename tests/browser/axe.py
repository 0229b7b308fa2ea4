"""axe-core in the browser tests: fetch it once, inject it into a Playwright page, run it.

Where axe-core comes from
    The npm registry, at test time, the first time it is needed: ``npm install --prefix
    .cache/axe axe-core@AXE_VERSION`` under the course root (``.cache/`` is git-ignored). Later
    runs reuse it. ``AXE_CORE_JS=/path/to/axe.min.js`` uses a copy you already have instead.
    Without npm the accessibility tests are skipped with one line saying so; if npm cannot reach
    the registry they are skipped too, except under CI (``CI`` set), where that is a failure.

What is run
    ``axe.run`` with the rules tagged WCAG 2.0, 2.1 and 2.2 level A and AA (``WCAG_TAGS``) plus
    axe's "best-practice" rules (``BEST_PRACTICE``: heading order, landmarks, one main landmark,
    content inside landmarks), since issue 13 lists those too. Only violations are returned
    ("incomplete" results, which need a person to judge, are not).

The course's own HTML versus upstream
    A node is the course's own (``own: True``) when, in the page, it is inside (or is) an element
    with a class token starting ``ph-`` (every HTML fragment utils/ builds carries one), or it is
    inside a code cell's output (``.jp-OutputArea-output``: in the course's notebooks every code
    cell is one call into utils/, so all its output, widgets included, is the course's), or inside
    a rendered Markdown cell's text (``.jp-MarkdownOutput``, the course's own words) other than
    JupyterLab's heading anchor links (``.jp-InternalAnchorLink``, which JupyterLab adds).
    Everything else (JupyterLab's or Voila's menus, toolbars, side panels, cell prompts, the page
    skeleton) is upstream. For a page the course builds whole (a submission file, the teacher
    guide) pass ``whole_page_is_course=True`` and every node is the course's own.

    A violation whose nodes are partly own and partly upstream is split into two violations with
    the same rule. Rules about the page as a whole (``landmark-one-main``, ``page-has-heading-one``,
    ``html-has-lang``, ...) report the <html> element, which is upstream in a notebook page.

Use::

    from axe import axe_violations, split_violations, format_violations
    own, upstream = split_violations(axe_violations(page))
    assert not own, format_violations(own)
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]  # the course folder
AXE_VERSION = "4.10.3"  # pinned: a new axe-core can add rules, so update it on purpose
CACHE_DIR = ROOT / ".cache" / "axe"
AXE_JS = CACHE_DIR / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")
BEST_PRACTICE = ("best-practice",)
DEFAULT_TAGS = WCAG_TAGS + BEST_PRACTICE
NPM_MISSING = ("axe-core: npm not found; install Node.js and npm (Debian: apt install npm) "
               "to run the accessibility tests")

# what makes a node the course's own (see the module docstring)
OWN_SELECTOR = ('[class^="ph-"], [class*=" ph-"], .jp-OutputArea-output, '
                '.jp-MarkdownOutput')
UPSTREAM_INSIDE_OWN = ".jp-InternalAnchorLink"

_source: str | None = None


def _installed_version() -> str | None:
    try:
        return json.loads((AXE_JS.parent / "package.json").read_text())["version"]
    except (OSError, ValueError, KeyError):
        return None


def axe_source() -> str:
    """The text of axe.min.js (AXE_CORE_JS, or the pinned version in .cache/axe, installed with
    npm when missing). Skips the calling test when it cannot be had (fails under CI)."""
    global _source
    if _source is not None:
        return _source
    given = os.environ.get("AXE_CORE_JS")
    if given:
        _source = Path(given).read_text(encoding="utf-8")
        return _source
    if _installed_version() != AXE_VERSION:
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip(NPM_MISSING)
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        with open(CACHE_DIR / ".lock", "w") as lock:  # two test processes: one install
            fcntl.flock(lock, fcntl.LOCK_EX)
            if _installed_version() != AXE_VERSION:
                cmd = [npm, "install", "--prefix", str(CACHE_DIR), "--no-save", "--no-audit",
                       "--no-fund", "--ignore-scripts", "--loglevel=error",
                       f"axe-core@{AXE_VERSION}"]
                try:
                    out = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
                    failed = out.returncode != 0 and (out.stderr or out.stdout)[-800:]
                except (OSError, subprocess.TimeoutExpired) as exc:
                    failed = str(exc)
                if failed or _installed_version() != AXE_VERSION:
                    message = (f"axe-core {AXE_VERSION} could not be installed from the npm "
                               f"registry ({' '.join(cmd[1:])}): {failed or 'not found after install'}")
                    if os.environ.get("CI"):
                        pytest.fail(message)
                    pytest.skip(message)
    _source = AXE_JS.read_text(encoding="utf-8")
    return _source


def inject(page) -> None:
    """Put axe into the page (once; a reload needs it again). Evaluated as a function body with
    AMD and CommonJS hidden, so axe sets window.axe even in a page with a module loader."""
    if page.evaluate("() => typeof window.axe === 'object' && !!window.axe.run"):
        return
    # a string expression goes through the DevTools protocol, so no page CSP can stop it
    page.evaluate("(() => { const define = undefined, module = undefined, exports = undefined;\n"
                  + axe_source() + "\n})()")
    if not page.evaluate("() => typeof window.axe === 'object' && !!window.axe.run"):
        raise AssertionError("axe-core was injected but window.axe is missing")


_RUN_JS = """async ([context, tags, ownSel, upstreamSel, wholePage]) => {
    const result = await window.axe.run(context || document, {
        runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
    });
    const isOwn = (target) => {
        if (wholePage) return true;
        if (!Array.isArray(target) || target.length !== 1 || typeof target[0] !== 'string')
            return false;  // inside an iframe or a shadow root: not the course's HTML
        let el = null;
        try { el = document.querySelector(target[0]); } catch (e) { return false; }
        if (!el || el === document.documentElement || el === document.body) return false;
        if (el.closest(upstreamSel)) return false;
        return !!el.closest(ownSel);
    };
    return result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help, description: v.description,
        helpUrl: v.helpUrl, tags: v.tags,
        nodes: v.nodes.map(n => ({
            target: n.target, html: n.html, impact: n.impact,
            failureSummary: n.failureSummary, own: isOwn(n.target),
        })),
    }));
}"""


def axe_violations(page, context=None, *, tags=DEFAULT_TAGS,
                   whole_page_is_course: bool = False) -> list[dict]:
    """Run axe in the page and return its violations, worst first.

    context: what to check (a CSS selector, or axe's {include, exclude}); the whole document when
    None. Each violation is a dict: id (the rule), impact, help, description, helpUrl, tags, and
    nodes: a list of {target (axe's CSS selector path), html (the element's opening HTML), impact,
    failureSummary, own (bool: the course's own HTML, see the module docstring)}.
    """
    inject(page)
    found = page.evaluate(_RUN_JS, [context, list(tags), OWN_SELECTOR, UPSTREAM_INSIDE_OWN,
                                    whole_page_is_course])
    order = {"critical": 0, "serious": 1, "moderate": 2, "minor": 3}
    return sorted(found, key=lambda v: (order.get(v["impact"] or "", 4), v["id"]))


def split_violations(violations: list[dict]) -> tuple[list[dict], list[dict]]:
    """(the course's own, upstream): each violation keeps only the nodes of its side; a violation
    with nodes on both sides appears in both lists."""
    own, upstream = [], []
    for v in violations:
        mine = [n for n in v["nodes"] if n.get("own")]
        theirs = [n for n in v["nodes"] if not n.get("own")]
        if mine:
            own.append({**v, "nodes": mine})
        if theirs:
            upstream.append({**v, "nodes": theirs})
    return own, upstream


def own_violations(page, context=None, **kwargs) -> list[dict]:
    """Only the course's own violations (see axe_violations)."""
    return split_violations(axe_violations(page, context, **kwargs))[0]


def format_violations(violations: list[dict], max_nodes: int = 5) -> str:
    """A readable report: one block per rule, its impact, what it asks, and the first nodes."""
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} [{len(v['nodes'])} node(s)] "
                     f"{v.get('helpUrl', '')}")
        for n in v["nodes"][:max_nodes]:
            lines.append(f"    {' > '.join(map(str, n['target']))}")
            lines.append(f"      {n['html'][:200]}")
        if len(v["nodes"]) > max_nodes:
            lines.append(f"    ... and {len(v['nodes']) - max_nodes} more")
    return "\n".join(lines)


def summary(violations: list[dict]) -> dict[str, int]:
    """{rule id: number of nodes}, for collecting what was found across pages."""
    return {v["id"]: len(v["nodes"]) for v in violations}


# -- what every test found, written to one report ------------------------------------------------

REPORT = ROOT / "test-artifacts" / "accessibility.json"
_found: dict[str, dict] = {}


def check(page, name: str, **kwargs) -> list[dict]:
    """Run axe, record what it found under name, and return the course's own violations (the
    caller fails on them). Upstream violations (JupyterLab's, Voila's) are printed, not failed."""
    own, upstream = split_violations(axe_violations(page, **kwargs))
    _found[name] = {"own": own, "upstream": upstream}
    if upstream:
        print(f"\n[axe] {name}: upstream (JupyterLab/Voila): "
              + ", ".join(f"{v['id']} x{len(v['nodes'])}" for v in upstream))
    return own


def write_report() -> None:
    """Add what this process found to test-artifacts/accessibility.json (git-ignored), keeping the
    pages of an earlier run that this run did not check (e.g. with -k)."""
    if not _found:
        return
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    old = {}
    try:
        old = json.loads(REPORT.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    REPORT.write_text(json.dumps({**old, **_found}, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"\n[browser] axe report: {REPORT}")
