# Purges and Hysteria — every set-up step a fresh machine needs (Python 3.11+ and make).
#   make lab        create .venv, install the course, open JupyterLab at the start page
#   make test       create or reuse .venv and run every test (unit, notebooks, browser)
#   make notebooks  re-execute every notebook in place (after changing content or code)
#   make bench      the speed benchmark (not a test), also timed in Chromium
#   make guide      build the teacher guide from lessons/
#   make lengths    how long each lesson takes (words, exercises, minutes; a core must fit 45 minutes)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: lab test notebooks bench guide lengths clean-venv check-python

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "This course needs Python 3.11 or newer; found " + sys.version.split()[0] + ". Install a newer Python, or run: make PYTHON=python3.12 ...")'

# Re-install whenever the dependency list changes.
$(STAMP): pyproject.toml jupyter-config/purges-and-hysteria-save.json | check-python
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[lab,test]'
	@# an editable install skips data files: switch the course's server extension on by hand
	@mkdir -p $(VENV)/etc/jupyter/jupyter_server_config.d
	cp jupyter-config/purges-and-hysteria-save.json $(VENV)/etc/jupyter/jupyter_server_config.d/
	@touch $(STAMP)

# JupyterLab refuses to run as root unless told; only then is the flag added.
ROOT_FLAG := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root,)

# Served from the course folder, as on Binder, so the file browser shows answers/ and submissions/.
lab: $(STAMP)
	$(BIN)/jupyter lab $(ROOT_FLAG) --ServerApp.root_dir=. notebooks/00_start_here.ipynb

test: $(STAMP)
	$(BIN)/python -m pytest

notebooks: $(STAMP)
	$(BIN)/python -m utils.tools.execute notebooks

# Both parts always run; the target fails if either misses a goal.
bench: $(STAMP)
	@status=0; $(BIN)/python -m utils.tools.bench || status=1; \
	$(BIN)/python -m utils.tools.browser_bench || status=1; exit $$status

guide: $(STAMP)
	$(BIN)/python -m utils.teacher.guide

lengths: $(STAMP)
	$(BIN)/python -m utils.tools.lengths $(ARGS)

clean-venv:
	rm -rf $(VENV)
