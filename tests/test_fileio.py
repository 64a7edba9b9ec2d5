"""Files are written whole or not at all, readable by others, and a failed write leaves no trace."""

from __future__ import annotations

import os
import stat

import pytest

from geomap.fileio import write_atomic


def test_text_and_bytes_are_written_with_shared_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "a.html", "<p>é</p>")
        write_atomic(tmp_path / "b.bin", b"\x00\x01")
    finally:
        os.umask(old)
    assert (tmp_path / "a.html").read_text(encoding="utf-8") == "<p>é</p>"
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\x01"
    assert stat.S_IMODE((tmp_path / "a.html").stat().st_mode) == 0o644


def test_a_failing_writer_keeps_the_old_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "map.html"
    target.write_text("old", encoding="utf-8")

    def broken(tmp):
        tmp.write_text("half", encoding="utf-8")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, writer=broken)
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.html"]


def test_data_or_writer_not_both():
    with pytest.raises(TypeError):
        write_atomic("x", "a", writer=lambda p: None)
