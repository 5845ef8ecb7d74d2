"""``python -m safetynet``: the same as the ``safetynet`` command."""

from .cli import main

main()
