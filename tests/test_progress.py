"""Long cells show progress without flooding what is stored (issue 10): the bar of the fitting
loops goes to stdout (not red stderr) and is redrawn every few seconds at most, and no cell of
a solution stores more than a screen of text."""

import time

from conftest import read_notebook

from gausslab.progress import progress


def test_bar_on_stdout_redrawn_every_few_seconds(capsys):
    for _ in progress(range(400), "steps"):
        time.sleep(0.003)  # 1.2 s in all: tqdm's own default would redraw it a dozen times
    out, err = capsys.readouterr()
    assert not err
    assert "steps: 100%" in out and "400/400" in out, out
    assert out.count("\r") <= 3, out  # the first draw, at most one redraw, the last


def test_stored_outputs_stay_small(assignment):
    for cell in read_notebook("solutions", assignment)["cells"]:
        text = "".join("".join(output["text"]) for output in cell.get("outputs", [])
                       if output["output_type"] == "stream")
        lines = text.count("\n") + text.count("\r")
        assert len(text) < 3000 and lines < 40, (cell["metadata"]["nbgrader"]["grade_id"], text)
