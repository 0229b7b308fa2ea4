# Purges and Hysteria — every set-up step a fresh machine needs (Python 3.11+ and make).
#   make lab        create .venv, install the course, open JupyterLab at the start page
#   make app        the course in app mode (Voila, pre-heated kernels) at http://127.0.0.1:8866
#   make test       create or reuse .venv and run every test (unit, notebooks, browser)
#   make screenshots  the browser tests, keeping a screenshot of every page in test-artifacts/screenshots
#   make notebooks  re-execute every notebook in place (after changing content or code)
#   make bench      the speed benchmark (not a test), also timed in Chromium
#   make guide      build the teacher guide from lessons/
#   make check      is every content and data file valid? (seconds; run it after editing lessons/ or data/)
#   make lengths    how long each lesson takes (words, exercises, minutes; a core must fit 45 minutes)
#   make site       the course as a website in site/_build/html, from the stored notebooks
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: lab app test screenshots check notebooks bench guide lengths site clean-venv check-python

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "This course needs Python 3.11 or newer; found " + sys.version.split()[0] + ". Install a newer Python, or run: make PYTHON=python3.12 ...")'

# Re-install whenever the dependency list changes.
$(STAMP): pyproject.toml jupyter-config/purges-and-hysteria-save.json jupyter-config/purges-and-hysteria-voila.json \
          $(wildcard share/jupyter/voila/templates/purges-and-hysteria/*) | check-python
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[lab,test,site]'
	@# an editable install skips data files: switch the course's server extension on by hand
	@mkdir -p $(VENV)/etc/jupyter/jupyter_server_config.d
	cp jupyter-config/purges-and-hysteria-save.json $(VENV)/etc/jupyter/jupyter_server_config.d/
	@# app mode's own page (a main landmark, readable line length): the template and the switch
	@mkdir -p $(VENV)/share/jupyter/voila/templates $(VENV)/share/jupyter/lab/settings
	rm -rf $(VENV)/share/jupyter/voila/templates/purges-and-hysteria
	cp -r share/jupyter/voila/templates/purges-and-hysteria $(VENV)/share/jupyter/voila/templates/
	cp jupyter-config/purges-and-hysteria-voila.json $(VENV)/etc/jupyter/voila.json
	@# no "news" pop-up on a student's first visit
	echo '{"@jupyterlab/apputils-extension:notification": {"fetchNews": "false"}}' > $(VENV)/share/jupyter/lab/settings/overrides.json
	@touch $(STAMP)

# JupyterLab refuses to run as root unless told; only then is the flag added.
ROOT_FLAG := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root,)

# Served from the course folder, as on Binder, so the file browser shows answers/ and submissions/.
lab: $(STAMP)
	$(BIN)/jupyter lab $(ROOT_FLAG) --ServerApp.root_dir=. notebooks/00_start_here.ipynb

# App mode, served from the course folder like lab: a lesson is ready in about 1.5 s, since a
# kernel per lesson waits with its notebook already run (answers are read when the student comes). ARGS="--no-preheat" for plain Voila,
# ARGS="--lessons notebooks/03_the_murder_of_kirov.ipynb" to pre-heat fewer pages (~190 MB each).
app: $(STAMP)
	$(BIN)/python -m utils.tools.app_server $(ARGS)

# with .pyc files (and pytest's rewritten tests) cached even where PYTHONDONTWRITEBYTECODE is set:
# each worker and each kernel would otherwise compile the same modules again
test: $(STAMP)
	env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m pytest -n auto --durations=25

# what each page looks like, for a person to look at (make test keeps only failed tests' screenshots)
screenshots: $(STAMP)
	PH_SCREENSHOTS=1 $(BIN)/python -m pytest tests/browser -n auto

notebooks: $(STAMP)
	$(BIN)/python -m utils.tools.execute notebooks

# Every part always runs; the target fails if any misses a goal. Parts: notebooks and imports
# (bench), Chromium: JupyterLab and app mode with and without pre-heated kernels (browser_bench),
# and a class of HUB_STUDENTS on the JupyterHub recipe in hub/ (hub_bench; installs the hub extra).
HUB_STUDENTS ?= 30
bench: $(STAMP)
	@status=0; $(BIN)/python -m utils.tools.bench || status=1; \
	$(BIN)/python -m utils.tools.browser_bench || status=1; \
	$(BIN)/python -m pip install --quiet -e '.[hub]' || status=1; \
	$(BIN)/python -m utils.tools.hub_bench --students $(HUB_STUDENTS) || status=1; exit $$status

guide: $(STAMP)
	$(BIN)/python -m utils.tools.make_guide

check: $(STAMP)
	$(BIN)/python -m utils.tools.check

lengths: $(STAMP)
	$(BIN)/python -m utils.tools.lengths $(ARGS)

# Sphinx + MyST-NB on the stored notebooks (none is executed); a warning fails the build.
site: $(STAMP)
	$(BIN)/python site/build.py

clean-venv:
	rm -rf $(VENV)
