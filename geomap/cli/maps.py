"""CLI commands of this area (placeholder until its owner fills it in)."""

from __future__ import annotations

COMMANDS: list = []
