"""Re-execute notebooks in place, from a fresh kernel, so their stored outputs are current.

    python -m utils.tools.execute notebooks            # every notebook under notebooks/
    python -m utils.tools.execute notebooks/08_*.ipynb # some of them

Runs with a throwaway answers folder, so no one's saved answers leak into stored outputs,
and removes saved widget state (the outputs carry their own readable fallback).
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path


def notebooks_in(args: list[str]) -> list[Path]:
    """The notebook files named, or found under the folders named."""
    found: list[Path] = []
    for arg in args or ["notebooks"]:
        p = Path(arg)
        if p.is_dir():
            found += sorted(q for q in p.rglob("*.ipynb") if ".ipynb_checkpoints" not in q.parts)
        elif p.suffix == ".ipynb":
            found.append(p)
    return found


def execute(path: Path, timeout: int = 300) -> float:
    """Execute one notebook in place; return the seconds it took."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    for cell in nb.cells:  # no timestamps: a re-run that changes nothing shows no diff
        cell.metadata.pop("execution", None)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", store_widget_state=False,
                            record_timing=False, resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)
    return seconds


@contextmanager
def throwaway_student_folders(prefix: str):
    """Kernels started inside save answers and submissions to a temporary folder, removed after:
    running the notebooks never touches a student's real answers, nor leaves files behind."""
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        os.environ["PH_ANSWERS_DIR"] = os.path.join(tmp, "answers")
        os.environ["PH_SUBMISSIONS_DIR"] = os.path.join(tmp, "submissions")
        yield


def main(argv: list[str]) -> int:
    os.environ.pop("MPLBACKEND", None)  # the inline backend must draw, or outputs go missing
    paths = notebooks_in(argv)
    if not paths:
        print("No notebooks found.", file=sys.stderr)
        return 1
    with throwaway_student_folders("ph-execute-"):
        for path in paths:
            seconds = execute(path)
            print(f"executed {path} in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
