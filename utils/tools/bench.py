"""The speed benchmark (`make bench`): a measurement, not a test.

Reports, measured in the same run on the same machine:
- each notebook's execution time from a fresh kernel against a floor notebook (run alternately
  with it, so load on the machine affects both) that only imports
  pandas, matplotlib and ipywidgets and draws one chart and one widget (goal: at most 1.5x);
- what `import utils` adds to importing those three libraries (goal: at most 150 ms);
- each notebook's file size (goal: at most 400 KB).
Exits 1 if a goal is missed, so a slowdown is noticed.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from utils.tools.execute import notebooks_in, throwaway_student_folders

RUNS = 5
FLOOR_CELLS = [
    "import pandas as pd\nimport matplotlib.pyplot as plt\nimport ipywidgets as widgets",
    "df = pd.DataFrame({'year': range(1929, 1941), 'n': range(12)})\n"
    "fig, ax = plt.subplots()\nax.bar(df['year'], df['n'])\nplt.show()",
    "widgets.IntSlider(description='n')",
]


def run_notebook(path: Path) -> float:
    """Seconds to execute a notebook (kernel start included), without writing it back."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def floor_notebook(folder: Path) -> Path:
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    path = folder / "floor.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell(c) for c in FLOOR_CELLS]), path)
    return path


def import_seconds(code: str, runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str]) -> int:
    ok = True
    with tempfile.TemporaryDirectory() as tmp, throwaway_student_folders("ph-bench-"):
        floor = floor_notebook(Path(tmp))
        run_notebook(floor)  # warm the disk caches once, for everybody
        for nb in notebooks_in(argv or ["notebooks"]):
            # floor and notebook alternate, so a machine that slows down slows both alike
            floors, times = [], []
            for _ in range(RUNS):
                floors.append(run_notebook(floor))
                times.append(run_notebook(nb))
            floor_s, secs = statistics.median(floors), statistics.median(times)
            ratio = secs / floor_s
            size_kb = nb.stat().st_size / 1024
            verdict = "ok" if ratio <= 1.5 and size_kb <= 400 else "OVER GOAL"
            ok &= verdict == "ok"
            print(f"{nb}: {secs:.2f} s = {ratio:.2f}x floor {floor_s:.2f} s (goal 1.5x, medians of {RUNS}); "
                  f"{size_kb:.0f} KB (goal 400 KB) {verdict}", flush=True)
    base = import_seconds("import pandas, matplotlib, ipywidgets")
    with_utils = import_seconds("import pandas, matplotlib, ipywidgets, utils")
    extra_ms = (with_utils - base) * 1000
    ok &= extra_ms <= 150
    print(f"import utils adds {extra_ms:.0f} ms to pandas+matplotlib+ipywidgets (goal 150 ms)")
    print("all goals met" if ok else "a goal was missed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
