"""The Jupyter kernel reports run in: the Python of the current environment.

:func:`ensure_kernel` registers a kernelspec pointing at ``sys.executable`` inside
``sys.prefix`` when none exists yet, so a fresh virtual environment can run reports without
any manual ``ipykernel install``. :func:`kernel_manager_class` makes each kernel talk over
Unix sockets in a folder of its own, so that kernels started at the same time (``report
schedule --jobs N``) never compete for TCP ports.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any, cast

from filelock import FileLock

__all__ = ["ensure_kernel", "kernel_manager_class", "kernel_name"]


def kernel_name() -> str:
    """Name of the kernelspec for this interpreter (stable per ``sys.executable``).

    Examples
    --------
    >>> kernel_name().startswith("warindicators-")
    True
    """
    digest = hashlib.sha256(sys.executable.encode()).hexdigest()[:8]
    return f"warindicators-{digest}"


def _spec_dir(name: str) -> Path:
    return Path(sys.prefix) / "share" / "jupyter" / "kernels" / name


def _is_ours(spec_file: Path) -> bool:
    try:
        argv = json.loads(spec_file.read_text())["argv"]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return bool(argv) and argv[0] == sys.executable


def ensure_kernel() -> str:
    """Return the kernel name to run reports with, registering the kernelspec if missing.

    The spec is written under ``sys.prefix`` (no user or system folders are touched); a
    lock file makes concurrent first runs safe.

    Returns
    -------
    str
        The kernelspec name, :func:`kernel_name`.

    Examples
    --------
    The call may register a kernelspec, so this example only inspects what it returns:

    >>> import typing
    >>> typing.get_type_hints(ensure_kernel)["return"]
    <class 'str'>
    >>> kernel_name().startswith("warindicators-")  # the name ensure_kernel() returns
    True
    """
    name = kernel_name()
    spec = _spec_dir(name) / "kernel.json"
    if _is_ours(spec):
        return name
    from ipykernel.kernelspec import install

    lock_dir = Path(sys.prefix) / "share" / "jupyter"
    lock_dir.mkdir(parents=True, exist_ok=True)
    with FileLock(str(lock_dir / f".{name}.lock"), timeout=60):
        if not _is_ours(spec):
            install(
                kernel_name=name,
                display_name=f"Python 3 ({Path(sys.prefix).name})",
                prefix=sys.prefix,
            )
    return name


def kernel_manager_class(socket_dir: str | Path) -> type[Any] | None:
    """A kernel manager class whose kernels use Unix sockets under ``socket_dir``.

    With TCP, each kernel picks free ports by binding and releasing them, so kernels
    started at the same moment can pick the same port and one fails ("Address already
    in use"). IPC sockets are files: one folder per run cannot collide. ``socket_dir``
    should be short (a socket path is limited to about 100 bytes); the caller creates
    it and removes it afterwards. Returns None where Unix sockets are unavailable (the
    default TCP manager is then used).

    Examples
    --------
    >>> import tempfile
    >>> cls = kernel_manager_class(tempfile.gettempdir())
    >>> cls is None or (cls().transport, cls().ip.startswith(tempfile.gettempdir()))
    ('ipc', True)
    """
    if os.name != "posix":  # pragma: no cover - Windows has no IPC transport
        return None
    import uuid

    from jupyter_client.manager import AsyncKernelManager
    from traitlets import default

    from .zygote import zygote

    folder = str(Path(socket_dir).resolve())

    class IPCKernelManager(AsyncKernelManager):
        """Kernel manager on Unix sockets ``<socket_dir>/k-<n>``; kernels are forked
        from this process's zygote when one runs (:mod:`.zygote`)."""

        @default("transport")
        def _transport_default(self) -> str:
            return "ipc"

        @default("ip")
        def _ip_default(self) -> str:
            return os.path.join(folder, "k")

        async def _async_pre_start_kernel(self, **kw: Any) -> Any:
            z = zygote()
            if self.provisioner is None and z is not None:
                self.kernel_id = self.kernel_id or kw.pop("kernel_id", str(uuid.uuid4()))
                self.provisioner = _forked_provisioner()(
                    kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self
                )
            return await super()._async_pre_start_kernel(**kw)

    return IPCKernelManager


def _forked_provisioner() -> type[Any]:
    """jupyter_client's local provisioner, with the kernel forked by the zygote rather
    than started from the kernelspec's command line (whose connection file it serves)."""
    import pathlib

    from jupyter_client.provisioning import LocalProvisioner

    from .zygote import zygote

    class ForkedProvisioner(LocalProvisioner):
        async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
            z = zygote()
            if z is None or "-f" not in cmd:  # the zygote is gone: launch as usual
                return await super().launch_kernel(cmd, **kwargs)
            connection_file = cmd[cmd.index("-f") + 1]
            env = {str(k): str(v) for k, v in (kwargs.get("env") or os.environ).items()}
            cwd = str(kwargs.get("cwd") or pathlib.Path.cwd())
            try:
                forked = z.fork_kernel(connection_file, cwd, env)
            except (EOFError, OSError, ValueError):  # the zygote died: launch as usual
                return await super().launch_kernel(cmd, **kwargs)
            self.process = cast(Any, forked)  # the part of Popen the provisioner uses
            self.pid = forked.pid
            self.pgid = self.pid  # the kernel leads its own process group
            self.cwd = cwd
            return self.connection_info

    return ForkedProvisioner
