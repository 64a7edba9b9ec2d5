"""``python -m geomap``: the same as the ``geomap`` command, for when scripts are not on PATH."""

from geomap.cli import main

main()
