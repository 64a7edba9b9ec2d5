"""Every command has help, and the README documents every command."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from geomap import __version__
from geomap.cli import cli

COMMANDS = sorted(cli.commands)


def test_version():
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help(name):
    result = CliRunner().invoke(cli, [name, "-h"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    assert cli.commands[name].get_short_help_str().strip()


@pytest.mark.parametrize("name", COMMANDS)
def test_readme_documents_every_command(name, repo_root):
    readme = (repo_root / "README.md").read_text(encoding="utf-8")
    assert f"geomap {name}" in readme, f"README.md does not show `geomap {name}`"


def test_user_mistake_is_an_error_line_not_a_traceback(tmp_path):
    store = str(tmp_path / "s")
    result = CliRunner().invoke(cli, ["map", "--date", "2022-02-30", "--store", store])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert "Error" in result.output


def test_python_dash_m_runs_the_same_command():
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "geomap", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert __version__ in done.stdout
