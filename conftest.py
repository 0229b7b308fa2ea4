"""Test-wide set-up: tests and notebook runs never touch a student's real answers."""
import os
import shutil
import tempfile

import pytest

_ANSWERS = tempfile.mkdtemp(prefix="ph-test-answers-")
_SUBMISSIONS = tempfile.mkdtemp(prefix="ph-test-submissions-")


def pytest_configure(config):
    # Kernels started by nbval inherit this environment, so notebook runs save to a
    # throwaway folder and start from no saved answers (stored outputs stay comparable).
    os.environ["PH_ANSWERS_DIR"] = _ANSWERS
    os.environ["PH_SUBMISSIONS_DIR"] = _SUBMISSIONS


def pytest_unconfigure(config):
    for folder in (_ANSWERS, _SUBMISSIONS):  # throwaway: leave nothing behind in /tmp
        shutil.rmtree(folder, ignore_errors=True)


# Tests that open one notebook each in a browser: spread over the workers one at a time
SPREAD = ("tests/browser/test_each_notebook.py", "tests/browser/test_app_mode.py")


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist: unknown when it is not loaded
def pytest_xdist_make_scheduler(config, log):
    """How pytest-xdist (``make test``: ``-n auto``) shares the tests among its workers: a file's
    tests run on one worker, in order (the cells of a notebook under nbval share one kernel; a
    module's fixtures are set up once), except the one-notebook browser tests of SPREAD, which go
    one at a time to whichever worker is free: they are most of the suite's time. (xdist's own
    ``--dist loadgroup`` would do this with marks, but cannot rename tests under pytest 9.)"""
    from xdist.scheduler import LoadScopeScheduling

    class ByFileSpreadingNotebooks(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::")[0]
            return nodeid if path in SPREAD else path

    # keep the order of pytest_collection_modifyitems below (longest first): xdist would otherwise
    # hand out the files with most tests first, and the long one-notebook tests last of all
    config.option.loadscopereorder = False
    return ByFileSpreadingNotebooks(config, log)


def pytest_collection_modifyitems(items):
    """Longest first, so that no worker is left with one long test at the end: each notebook's
    browser checks, then the other browser tests, then the rest (a stable sort: the cells of a
    notebook keep their order)."""
    def weight(item):
        path = item.nodeid.split("::")[0]
        return 0 if path == SPREAD[0] else 1 if path.startswith("tests/browser/") else 2

    items.sort(key=weight)
