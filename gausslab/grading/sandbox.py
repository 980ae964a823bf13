"""A kernel that sees only what a submission needs to run: a bubblewrap (``bwrap``) sandbox.

The kernel of one submission runs as user ``nobody`` in its own user and PID namespaces with:
- read-only: the system (``/usr``, ``/etc``), Python, this environment (the venv) and the
  ``gausslab`` package it imports, MNIST (``GAUSSLAB_MNIST``) and the warm KeOps cache;
- writable: its working folder (a copy of the submission's non-notebook files), a private
  ``/tmp`` and ``HOME``, and a KeOps cache of its own made from the warm one (compiled formulas
  linked, index files copied), so a submission that compiles a new formula writes only into
  its own scratch space.
Nothing else exists there: not the class course directory, its gradebook, other students'
files, the scratch gradebook that holds the hidden tests, nor the autograded notebook.
"""

import json
import os
import shutil
import sys
from pathlib import Path

import gausslab

KERNEL_NAME = "gausslab-sandbox"
PACKAGE = Path(gausslab.__file__).resolve().parent


def bwrap():
    """The bubblewrap executable, or None when it is not installed."""
    return shutil.which("bwrap")


def _readable():
    """Folders the kernel reads: system, Python, the environment, the package, the data."""
    paths = ["/usr", "/etc", "/opt", sys.base_prefix, sys.prefix, str(PACKAGE)]
    paths += [os.environ[v] for v in ("GAUSSLAB_MNIST", "KEOPS_CACHE_FOLDER") if os.environ.get(v)]
    keras_datasets = Path.home() / ".keras" / "datasets"
    if keras_datasets.is_dir():
        paths.append(str(keras_datasets))
    real = {str(Path(p).resolve()) for p in paths if Path(p).exists()}
    return sorted(real)


def writable_keops_cache(warm, target):
    """A KeOps cache at ``target`` made from the warm cache ``warm``: its compiled formulas
    (``.so``) linked (the sandbox sees them read-only), its small index files copied, since
    KeOps rewrites those when it compiles a new formula."""
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    if warm and Path(warm).is_dir():
        for source in Path(warm).rglob("*"):
            dest = target / source.relative_to(warm)
            if source.is_dir():
                dest.mkdir(parents=True, exist_ok=True)
            elif source.suffix == ".so":
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.symlink_to(source.resolve())
            else:
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(source, dest)
    return target


def kernel_argv(workdir, scratch, sandboxed=True):
    """The command that starts the submission's ipykernel (``{connection_file}`` filled in by
    jupyter_client), inside bubblewrap unless ``sandboxed`` is False."""
    python = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    if not sandboxed:
        return python
    runtime = str(Path(scratch) / "runtime")
    cache = str(Path(scratch) / "keops_cache")
    argv = [bwrap(), "--die-with-parent", "--unshare-user", "--uid", "65534", "--gid", "65534",
            "--unshare-pid", "--unshare-ipc", "--unshare-cgroup-try", "--new-session",
            "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--dir", "/tmp/home",
            "--ro-bind-try", "/sys", "/sys"]
    for link in ("/bin", "/lib", "/lib64", "/lib32", "/sbin"):
        if os.path.islink(link):
            argv += ["--symlink", os.readlink(link), link]
    for path in _readable():
        argv += ["--ro-bind", path, path]
    argv += ["--ro-bind", runtime, runtime, "--bind", cache, cache,
             "--bind", str(workdir), str(workdir), "--chdir", str(workdir),
             "--setenv", "HOME", "/tmp/home", "--setenv", "MPLCONFIGDIR", "/tmp/home",
             "--setenv", "KEOPS_CACHE_FOLDER", cache, "--setenv", "TMPDIR", "/tmp",
             # ipykernel would take PID namespace's init for a dead parent and exit; bwrap's
             # --die-with-parent ends the kernel when its parent goes instead
             "--unsetenv", "JPY_PARENT_PID"]
    return argv + python


def write_kernelspec(scratch, workdir, sandboxed=True):
    """A kernelspec ``gausslab-sandbox`` under ``scratch/jupyter``; returns the env vars that
    make jupyter_client find it and put connection files where the sandbox can read them."""
    scratch = Path(scratch)
    (scratch / "runtime").mkdir(parents=True, exist_ok=True)
    writable_keops_cache(os.environ.get("KEOPS_CACHE_FOLDER"), scratch / "keops_cache")
    spec = scratch / "jupyter" / "kernels" / KERNEL_NAME
    spec.mkdir(parents=True, exist_ok=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": kernel_argv(workdir, scratch, sandboxed),
        "display_name": "Python 3 (gausslab sandbox)", "language": "python",
        # a signal would reach bwrap, not the kernel: interrupt over the control channel
        "interrupt_mode": "message" if sandboxed else "signal",
        "env": {} if sandboxed else {"KEOPS_CACHE_FOLDER": str(scratch / "keops_cache"),
                                     "HOME": str(scratch / "home")}}))
    runtime = str(scratch / "runtime")  # nbclient writes connection files to the temp folder
    return {"JUPYTER_PATH": str(scratch / "jupyter"), "JUPYTER_RUNTIME_DIR": runtime,
            "TMPDIR": runtime}
