"""Build the course as a website: `python site/build.py [OUTDIR]` (what `make site` runs).

Copies the site's pages into site/_build/src (site/*.md, and the notebooks a reader needs under
notebooks/ with their own paths, so links between notebooks stay valid), then runs Sphinx with
site/conf.py on that folder. No notebook is executed: the stored outputs are the pages.
The site goes to OUTDIR (default site/_build/html). Exit status 1 on any build warning.
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

SITE = Path(__file__).resolve().parent
ROOT = SITE.parent
STAGE = SITE / "_build" / "src"
DEFAULT_OUT = SITE / "_build" / "html"

# The notebooks on the site (the teacher's class summary is a tool, not reading: left out).
NOTEBOOKS = ["notebooks/0*.ipynb", "notebooks/glossary.ipynb", "notebooks/homework/*.ipynb"]


def pages() -> dict[str, Path]:
    """Every source file of the site, by its path inside the source folder."""
    out = {p.name: p for p in sorted(SITE.glob("*.md"))}
    for pattern in NOTEBOOKS:
        for p in sorted(ROOT.glob(pattern)):
            out[p.relative_to(ROOT).as_posix()] = p
    return out


def stage(dest: Path = STAGE) -> Path:
    """Make dest hold exactly the site's pages (copied with their times, so Sphinx rebuilds only
    what changed); anything else in it is removed."""
    wanted = pages()
    dest.mkdir(parents=True, exist_ok=True)
    for rel, src in wanted.items():
        target = dest / rel
        st = src.stat()
        if target.is_file():
            tt = target.stat()
            if tt.st_size == st.st_size and tt.st_mtime_ns == st.st_mtime_ns:
                continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, target)
    for path in sorted(dest.rglob("*"), reverse=True):  # files first, then emptied folders
        rel = path.relative_to(dest).as_posix()
        if path.is_file() and rel not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return dest


def build(out: Path = DEFAULT_OUT, work: Path | None = None, quiet: bool = True) -> int:
    """Stage and build; returns Sphinx's exit status (warnings count as errors).

    work holds the staged sources (src/) and Sphinx's cache (doctrees/): site/_build unless given."""
    from sphinx.cmd.build import build_main

    work = work or SITE / "_build"
    src = stage(work / "src")
    if (out / ".buildinfo").is_file():  # an earlier site: start clean, so no page of a removed
        shutil.rmtree(out)               # notebook is left behind (the cache in doctrees/ stays)
    doctrees = work / "doctrees"
    args = ["-b", "html", "-c", str(SITE), "-d", str(doctrees), "-W", "--keep-going", "-n"]
    if quiet:
        args.append("-q")
    status = build_main(args + [str(src), str(out)])
    sources = out / "_sources"  # left empty (html_copy_source = False): not worth publishing
    if sources.is_dir() and not any(sources.rglob("*.*")):
        shutil.rmtree(sources)
    return status


def main(argv: list[str]) -> int:
    if argv and argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    out = Path(argv[0]).resolve() if argv else DEFAULT_OUT
    status = build(out)
    if status == 0:
        print(f"the course as a website: {out / 'index.html'}")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
