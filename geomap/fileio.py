"""Writing files so that nothing is ever half-written.

Every file geomap writes (maps, exports, GeoJSON) goes through :func:`write_atomic`: the bytes go
to a temporary file beside the target, which then replaces it in one step (``os.replace``). A
crash or a full disk leaves the old file intact, never a truncated one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

__all__ = ["write_atomic"]


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(
    path: str | os.PathLike[str],
    data: str | bytes | None = None,
    *,
    writer: Callable[[Path], None] | None = None,
    suffix: str = ".tmp",
) -> Path:
    """Write ``data`` (text as UTF-8, or bytes) to ``path`` atomically, or let ``writer`` do it.

    ``writer(tmp_path)`` is for libraries that write a file themselves (GDAL, pandas); it is
    given a path that does not exist yet, ending in ``suffix``. The file gets the usual
    permissions (0666 less the umask), not mkstemp's private 0600: maps are meant to be shared.
    Raises :class:`OSError` (the temporary file removed) if the write fails.
    """
    if (data is None) == (writer is None):
        raise TypeError("write_atomic takes either data or writer")
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix, dir=target.parent)
    try:
        if writer is None:
            payload = data.encode("utf-8") if isinstance(data, str) else data
            with os.fdopen(fd, "wb") as fh:
                fh.write(payload)
        else:
            os.close(fd)
            os.unlink(tmp)  # writers such as GDAL want to create the file themselves
            writer(Path(tmp))
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
