# gausslab: `make test` (CI), `make grade` (instructors), `make lab` (students).
# Each target creates .venv and installs the pinned dependencies on first use.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SHARED_MNIST := $(abspath ../shared/data/mnist.npz)

# The full MNIST when this checkout sits next to shared/; else the loader's own fallbacks.
ifneq ($(wildcard $(SHARED_MNIST)),)
export GAUSSLAB_MNIST ?= $(SHARED_MNIST)
endif
export KEOPS_CACHE_FOLDER ?= $(CURDIR)/.keops_cache
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)

# KeOps compiles each formula of assignment 03 once (minutes on a fresh clone), then loads it.
KEOPS_WARM := $(KEOPS_CACHE_FOLDER)/warm.stamp

.PHONY: test grade lab formgrader release student-release bench

# Logs of tests, grading and benchmarks leave out TensorFlow's C++ messages. Not make lab: there
# gausslab.quiet hides only TensorFlow's harmless start-up lines, and its warnings and errors show.
test grade release bench: export TF_CPP_MIN_LOG_LEVEL ?= 3

# Two prerequisites of a target are made at once (make -j2): KeOps compiles while pip installs.
MAKEFLAGS += --jobs=2
PIP := $(PY) -m pip install --quiet --disable-pip-version-check

# torch and pykeops first (versions from requirements.txt), so that KeOps can compile assignment
# 03's formulas while pip installs the rest: about 4 minutes of CPU each, one core each.
$(VENV)/keops: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) -c requirements.txt torch pykeops
	$(PIP) --no-deps -e .
	touch $@

$(VENV)/installed: $(VENV)/keops
	$(PIP) -r requirements.txt
	touch $@

$(KEOPS_WARM): $(VENV)/keops gausslab/answers/keops_gmm.py gausslab/grading/warm_keops.py
	$(PY) -m gausslab.grading.warm_keops
	touch $@

# The tests run the notebooks in fast mode, like the autograder; make bench runs the full mode.
test: export GAUSSLAB_FAST = 1
test: $(VENV)/installed $(KEOPS_WARM)
	$(PY) -m pytest -n 2 --dist loadgroup --durations=25 --nbval-lax tests solutions

grade: $(VENV)/installed $(KEOPS_WARM)
	$(PY) -m gausslab.grading demo

# JupyterLab reads each file in <its app dir>/settings/overrides.d/ as new defaults of its
# settings: ours make the lab ask no question unrelated to the course (the news prompt).
# The student wheel installs the same file there (gausslab.grading.student_release).
LAB_OVERRIDES := $(VENV)/share/jupyter/lab/settings/overrides.d/gausslab.json
$(LAB_OVERRIDES): lab/overrides.d/gausslab.json $(VENV)/installed
	mkdir -p $(dir $@)
	cp $< $@

# LAB_ARGS: more options for jupyter lab, e.g. LAB_ARGS="--no-browser --port=8890"
lab: $(VENV)/installed $(LAB_OVERRIDES)
	$(VENV)/bin/jupyter lab $(LAB_ARGS) notebooks/

# written answers are graded by a person in nbgrader's formgrader (JupyterLab, Nbgrader menu):
# make formgrader COURSE=build/demo_class (a course directory graded by make grade or grade)
COURSE ?= build/demo_class
formgrader: $(VENV)/installed
	$(PY) -m gausslab.grading formgrader $(COURSE) $(LAB_ARGS)

release: $(VENV)/installed $(KEOPS_WARM)
	$(PY) -m gausslab.grading release

# what students get for one assignment: make student-release ASSIGNMENT=01_rbf_layer
student-release: $(VENV)/installed
	$(PY) -m gausslab.grading student-release $(ASSIGNMENT)

bench: $(VENV)/installed $(KEOPS_WARM)
	$(PY) benchmarks/run.py
