"""In a notebook, a content problem is shown as a plain message naming the file, not a traceback."""
import subprocess
import sys

SCRIPT = """
from IPython.testing.globalipapp import start_ipython
ip = start_ipython()
ip.run_cell("import utils")
result = ip.run_cell("utils.lesson('08-molotov-remembrs')")
print("FAILED" if not result.success else "PASSED")
"""


def test_course_error_shows_message_not_traceback():
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120)
    text = out.stdout + out.stderr
    assert "did you mean '08-molotov-remembers'" in text
    assert "Traceback" not in text
    assert "FAILED" in out.stdout  # the cell still counts as failed, so Run All stops there
