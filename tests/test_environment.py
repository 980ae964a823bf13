"""The dependency pins live in requirements.txt only, and the installed environment matches."""

from importlib.metadata import version

import yaml

from gausslab.grading.course import REPO


def pins():
    lines = (REPO / "requirements.txt").read_text().splitlines()
    return dict(line.split("==") for line in lines if line.strip() and not line.startswith("#"))


def test_every_requirement_is_pinned_exactly():
    lines = [line for line in (REPO / "requirements.txt").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    assert all("==" in line for line in lines), lines


def test_environment_yml_reuses_requirements():
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "-r requirements.txt" in pip_section
    conda_names = [d.split("=")[0] for d in env["dependencies"] if isinstance(d, str)]
    assert set(conda_names) <= {"python", "pip"}, "pin packages in requirements.txt, not here"
    assert not set(pins()) & set(conda_names)


def test_installed_versions_match_the_pins():
    wrong = {name: (pinned, version(name)) for name, pinned in pins().items()
             if version(name).split("+")[0] != pinned}
    assert not wrong, f"installed versions differ from requirements.txt: {wrong}"


def test_tensorflow_keras_and_probability_work_together():
    import keras
    import tensorflow as tf
    import tensorflow_probability as tfp
    from scipy.stats import norm

    assert keras.__version__.startswith("3."), "the notebooks use Keras 3"
    normal = tfp.distributions.Normal(loc=tf.constant(0.0), scale=tf.constant(2.0))
    assert abs(float(normal.log_prob(0.5)) - norm.logpdf(0.5, scale=2.0)) < 1e-5
