"""The one Jupyter kernel reports, tutorials and JupyterLab run on.

Its kernelspec is ``python3`` in the environment's own prefix (``sys.prefix``), shown as
"Python 3 (warindicators)": the name ``make venv`` installs, the name the templates'
metadata give, and the name :func:`ensure_kernel` registers on a fresh environment where it
is missing. There is no second kernelspec per interpreter.

:func:`kernel_manager` makes each kernel talk over Unix sockets in a folder of its
own (public, configurable traits of jupyter_client's kernel manager), so that kernels
started at the same time (``report schedule --jobs N``) never compete for TCP ports.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from filelock import FileLock

from ..errors import ReportError

__all__ = [
    "KERNEL_DISPLAY_NAME",
    "KERNEL_NAME",
    "PRELOAD",
    "ensure_kernel",
    "kernel_manager",
    "preload_arguments",
]

#: Name of the project's kernelspec (as installed by ``make venv``).
KERNEL_NAME = "python3"
#: How JupyterLab lists it.
KERNEL_DISPLAY_NAME = "Python 3 (warindicators)"
#: Modules a report's kernel imports while it starts (see :func:`preload_arguments`).
PRELOAD = ("warindicators.reports", "seaborn", "matplotlib.pyplot")


def _spec_file(prefix: str | Path) -> Path:
    return Path(prefix) / "share" / "jupyter" / "kernels" / KERNEL_NAME / "kernel.json"


def _same_python(exe: str) -> bool:
    try:
        return Path(exe).resolve() == Path(sys.executable).resolve() or exe == sys.executable
    except OSError:  # pragma: no cover - unreadable path
        return False


def _argv0(spec_file: Path) -> str | None:
    try:
        argv = json.loads(spec_file.read_text())["argv"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return str(argv[0]) if argv else None


def ensure_kernel() -> str:
    """Return the kernelspec name reports run with, registering it if missing.

    The kernelspec ``python3`` is written under ``sys.prefix`` when the environment has
    none (no user or system folder is touched); a lock makes concurrent first runs safe.
    The spec Jupyter resolves for that name must run this interpreter: a ``python3``
    kernelspec of another Python that shadows it (for example in the user's Jupyter
    folder) is refused with a message saying which file to remove.

    Returns
    -------
    str
        ``"python3"``.

    Examples
    --------
    >>> ensure_kernel()
    'python3'
    """
    own = _spec_file(sys.prefix)
    if _argv0(own) is None or not _same_python(_argv0(own) or ""):
        from ipykernel.kernelspec import install

        folder = own.parent.parent.parent  # <prefix>/share/jupyter
        folder.mkdir(parents=True, exist_ok=True)
        with FileLock(str(folder / f".kernel-{KERNEL_NAME}.lock"), timeout=60):
            if _argv0(own) is None or not _same_python(_argv0(own) or ""):
                install(
                    kernel_name=KERNEL_NAME, display_name=KERNEL_DISPLAY_NAME, prefix=sys.prefix
                )
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    except NoSuchKernel:  # pragma: no cover - just installed
        return KERNEL_NAME
    if spec.argv and spec.argv[0] not in ("python", "python3") and not _same_python(spec.argv[0]):
        raise ReportError(
            f"kernel {KERNEL_NAME!r}: Jupyter resolves it to {spec.resource_dir}, which runs "
            f"{spec.argv[0]}, not this environment's {sys.executable}; remove that "
            f"kernelspec or run 'python -m ipykernel install --sys-prefix --name "
            f"{KERNEL_NAME}' in this environment"
        )
    return KERNEL_NAME


def kernel_manager(kernel_name: str, socket_dir: str | Path) -> Any:
    """A jupyter_client ``AsyncKernelManager`` for ``kernel_name`` whose kernel talks over
    Unix sockets under ``socket_dir``.

    With TCP, each kernel picks free ports by binding and releasing them, so kernels
    started at the same moment can pick the same port and one fails ("Address already
    in use"). IPC sockets are files: one folder per run cannot collide. Only the
    manager's configurable ``transport`` and ``ip`` traits are set (no subclass).
    ``socket_dir`` should be short (a socket path is limited to about 100 bytes); the
    caller creates it and removes it afterwards. Where Unix sockets are unavailable the
    manager keeps its TCP defaults.

    Examples
    --------
    >>> import tempfile
    >>> km = kernel_manager(KERNEL_NAME, tempfile.gettempdir())
    >>> os.name != "posix" or (km.transport, km.ip.startswith(tempfile.gettempdir()))
    ('ipc', True)
    """
    from jupyter_client.manager import AsyncKernelManager

    if os.name != "posix":  # pragma: no cover - Windows has no IPC transport
        return AsyncKernelManager(kernel_name=kernel_name)
    folder = str(Path(socket_dir).resolve())
    return AsyncKernelManager(
        kernel_name=kernel_name, transport="ipc", ip=os.path.join(folder, "k")
    )


def preload_arguments(modules: tuple[str, ...] = PRELOAD) -> list[str]:
    """Kernel command-line arguments that import ``modules`` as the kernel starts.

    A report's kernel is started before the runner has imported papermill and connected
    to it; IPython's ``exec_lines`` option (``--IPKernelApp.exec_lines``) lets the kernel
    spend that time importing the libraries every report template imports anyway, on
    the core the runner leaves free. Nothing else runs: the template's own ``import``
    statements then find the modules loaded, and the notebook is what computes the
    report. The imports run after ipykernel has chosen matplotlib's inline backend.

    Examples
    --------
    >>> preload_arguments(("seaborn", "matplotlib.pyplot"))
    ['--IPKernelApp.exec_lines=import seaborn, matplotlib.pyplot']
    """
    return [f"--IPKernelApp.exec_lines=import {', '.join(modules)}"] if modules else []
