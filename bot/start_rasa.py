"""Run Rasa's command line without a screenful of other libraries' warnings.

``python -m bot.start_rasa run …`` is ``rasa run …``. Importing Sanic turns
Python's deprecation warnings back on for the whole process
(``filterwarnings("once", DeprecationWarning)`` in ``sanic/app.py``), so every
later import of an older library (pkg_resources, pyparsing, click via spaCy)
prints its warnings to the console. They are for library authors, not for a
griffier starting Kompas: switch them off again after that import.
"""

from __future__ import annotations

import sys
import warnings


def stil() -> None:
    """Deprecation warnings off, also after Sanic switched them on."""
    import sanic.app  # noqa: F401 - the import that switches them on

    warnings.filterwarnings("ignore", category=DeprecationWarning)
    warnings.filterwarnings("ignore", category=PendingDeprecationWarning)


def main() -> int:
    stil()
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *sys.argv[1:]]
    rasa_main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
