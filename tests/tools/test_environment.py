"""pip (pyproject.toml) and conda/Binder (environment.yml) install the same course; Binder is set up right."""
import re
import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
CONDA_TO_PYPI = {"matplotlib-base": "matplotlib"}
CONDA_ONLY = {"python", "pip"}


def environment():
    return yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))


def project():
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def conda_specs():
    out = {}
    for dep in environment()["dependencies"]:
        assert isinstance(dep, str), f"environment.yml has a non-conda entry {dep!r} (a pip: block?)"
        name, spec = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", dep).groups()
        if name in CONDA_ONLY:
            continue
        out[canonicalize_name(CONDA_TO_PYPI.get(name, name))] = SpecifierSet(spec.replace(" ", ""))
    return out


def pip_specs():
    proj = project()
    reqs = list(proj["dependencies"]) + list(proj["optional-dependencies"]["lab"])
    return {canonicalize_name(r.name): r.specifier for r in map(Requirement, reqs)}


def test_same_packages_and_versions():
    assert conda_specs() == pip_specs()


def test_python_is_pinned_and_allowed():
    py = [d for d in environment()["dependencies"] if d.startswith("python")]
    assert py and re.fullmatch(r"python=3\.\d+", py[0]), "pin python=3.X, or Binder picks an old Python"
    assert SpecifierSet(project()["requires-python"]).contains(py[0].split("=")[1] + ".0")


def test_conda_forge_only_and_matplotlib_base():
    env = environment()
    assert env["channels"] == ["conda-forge"]
    names = [re.match(r"[A-Za-z0-9_.\-]+", d).group(0) for d in env["dependencies"]]
    assert "matplotlib-base" in names and "matplotlib" not in names


def test_no_local_references_and_no_binder_folder():
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert not re.search(r"^\s*-\s*(-e|\.|file:)", text, re.M), "local pip references defeat Binder's cache"
    assert not (ROOT / "binder").exists() and not (ROOT / ".binder").exists(), \
        "a binder/ folder makes Binder ignore the top-level files"


def test_postbuild_installs_the_course_and_stops_on_error():
    text = (ROOT / "postBuild").read_text(encoding="utf-8")
    assert text.startswith("#!") and re.search(r"^set -e", text, re.M)
    assert re.search(r"pip install .*-e \.", text)


def test_readme_badges_use_the_repository_address():
    repo = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"]["Repository"]
    org_repo = repo.removeprefix("https://github.com/")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    badges = re.findall(r"https://mybinder\.org/v2/gh/([^/]+/[^/]+)/HEAD\?urlpath=([^)\s]+)", readme)
    assert {b[0] for b in badges} == {org_repo}
    targets = {b[1] for b in badges}
    assert "lab/tree/notebooks/00_start_here.ipynb" in targets
    assert any(t.startswith("voila/render/notebooks/") for t in targets)
    for t in targets:
        assert (ROOT / t.split("/", 2)[2]).exists(), f"badge points at a missing file: {t}"


def test_make_lab_serves_the_course_folder_like_binder():
    """Binder serves the course folder, so its paths (lab/tree/notebooks/..., voila/render/
    notebooks/..., the answers/ folder in the file browser) hold for `make lab` only if it does too."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    lab = re.search(r"^lab:.*\n\t(.+)$", makefile, re.M)
    assert lab and "--ServerApp.root_dir=." in lab[1] and lab[1].rstrip().endswith(
        "notebooks/00_start_here.ipynb"), lab and lab[1]


@pytest.mark.parametrize("name,spec", sorted(conda_specs().items()))
def test_installed_versions_satisfy_environment_yml(name, spec):
    try:
        v = version(name)
    except PackageNotFoundError:
        pytest.fail(f"{name} is in environment.yml but not installed by `pip install -e .[lab,test]`")
    assert spec.contains(v, prereleases=True), f"{name} {v} is outside environment.yml's '{spec}'"
