"""notebooks/ and solutions/ are generated from source/ by nbgrader, and nothing leaks or drifts."""

import json
import re

import pytest
from conftest import nbgrader_cells, notebook_path, read_notebook

from gausslab.grading.course import ASSIGNMENTS, NbgraderError, copy_sources, nbgrader, release

POINTS = {"01_rbf_layer": 13, "02_mnist_comparison": 14.5, "03_keops_gmm": 10,
          "04_tfp_vgmm": 9.5}  # stated in README.md
pytestmark = pytest.mark.xdist_group("release")


def _cells_without_outputs(notebook):
    return [{k: v for k, v in cell.items() if k not in ("outputs", "execution_count")}
            for cell in notebook["cells"]]


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    root = copy_sources(tmp_path_factory.mktemp("release"))
    release(root, execute=False)
    return root


def test_notebooks_match_a_fresh_release(regenerated, assignment):
    fresh = json.loads((regenerated / notebook_path("notebooks", assignment).relative_to(
        notebook_path("notebooks", assignment).parents[2])).read_text())
    assert read_notebook("notebooks", assignment) == fresh, (
        "notebooks/ drifted from source/: run `make release` and commit the result")


def test_solutions_match_a_fresh_release(regenerated, assignment):
    relative = notebook_path("solutions", assignment).relative_to(
        notebook_path("solutions", assignment).parents[2])
    fresh = json.loads((regenerated / relative).read_text())
    assert _cells_without_outputs(read_notebook("solutions", assignment)) == \
        _cells_without_outputs(fresh), "solutions/ drifted from source/: run `make release`"


def _regions(source, begin, end):
    """Non-trivial lines that stand only between the begin and end markers of a cell."""
    lines, public, inside = [], set(), False
    for cell in source["cells"]:
        for line in "".join(cell["source"]).splitlines():
            if begin in line:
                inside = True
            elif end in line:
                inside = False
            elif not inside:
                public.add(line.strip())
            elif len(line.strip()) > 12 and not line.strip().startswith("#"):
                lines.append(line.strip())
    return [line for line in lines if line not in public]


def test_no_solution_or_hidden_test_in_the_student_release(assignment):
    released = notebook_path("notebooks", assignment).read_text()
    source = read_notebook("source", assignment)
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
        assert marker not in released
    secret = (_regions(source, "BEGIN SOLUTION", "END SOLUTION")
              + _regions(source, "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"))
    assert secret, "the source has solution regions and hidden tests"
    released_lines = {line.strip() for cell in json.loads(released)["cells"]
                      for line in "".join(cell["source"]).splitlines()}
    leaked = [line for line in secret if line in released_lines]
    assert not leaked, f"solution or hidden-test lines in notebooks/: {leaked}"


def test_grade_ids_unique_descriptive_and_tests_locked(assignment):
    source = read_notebook("source", assignment)
    ids = [cell["metadata"]["nbgrader"]["grade_id"] for cell in source["cells"]]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z][a-z0-9_]+", i) for i in ids), ids
    tests = nbgrader_cells(source, grade=True, solution=False)
    assert tests and all(cell["metadata"]["nbgrader"]["locked"] for cell in tests)
    assert all("".join(cell["source"]).lstrip().startswith('"""') for cell in tests), \
        "every test cell opens with a docstring saying what it checks"
    answers = nbgrader_cells(source, solution=True)
    assert answers and not any(cell["metadata"]["nbgrader"]["locked"] for cell in answers)


def test_points_total_as_stated(assignment):
    tests = nbgrader_cells(read_notebook("source", assignment), grade=True)
    assert sum(cell["metadata"]["nbgrader"]["points"] for cell in tests) == POINTS[assignment]


@pytest.mark.parametrize("folder", ["source", "notebooks"])
def test_no_outputs_committed(folder, assignment):
    cells = read_notebook(folder, assignment)["cells"]
    assert not [c for c in cells if c["cell_type"] == "code" and c.get("outputs")]


def test_setup_cell_comes_first(assignment):
    first_code = next(c for c in read_notebook("source", assignment)["cells"]
                      if c["cell_type"] == "code")
    text = "".join(first_code["source"])
    assert all(name in text for name in ("SEED", "FAST", "import"))


def test_a_stray_nbgrader_config_is_refused(tmp_path):
    (tmp_path / "nbgrader_config.py").write_text("c = get_config()\n")
    with pytest.raises(NbgraderError, match="grader_config.py"):
        nbgrader("list", root=tmp_path)


def test_every_nbgrader_call_uses_grader_config(tmp_path):
    log = nbgrader("generate_assignment", "01_rbf_layer", "--force", "--debug",
                   root=copy_sources(tmp_path, {"01_rbf_layer": ASSIGNMENTS["01_rbf_layer"]}),
                   db=tmp_path / "gb.db")
    assert "Loaded config file:" in log and "grader_config.py" in log
    assert (tmp_path / "notebooks" / "01_rbf_layer").is_dir()  # release_directory from it
