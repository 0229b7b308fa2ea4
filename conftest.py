"""Test-wide set-up: tests and notebook runs never touch a student's real answers."""
import os
import shutil
import tempfile

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
