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

# Rasa warns for every response that no story or rule names; Kompas's actions send
# most of them (a unit test checks that every response is sent somewhere).
NIET_IN_VERHAAL = "is not used in any story or rule"


def stil() -> None:
    """Deprecation warnings off, also where a library switches them back on."""
    import sanic.app  # noqa: F401 - the import that switches them on

    warnings.filterwarnings("ignore", category=DeprecationWarning)
    warnings.filterwarnings("ignore", category=PendingDeprecationWarning)
    # Rasa later asks to see every UserWarning "once", which catches warnings that
    # are both (pyparsing's); so also drop them where warnings are printed.
    toon = warnings.showwarning

    def toon_wat_telt(bericht: Warning | str, soort: type[Warning], *args: object, **kwargs: object) -> None:
        if issubclass(soort, DeprecationWarning | PendingDeprecationWarning) or NIET_IN_VERHAAL in str(bericht):
            return
        toon(bericht, soort, *args, **kwargs)  # type: ignore[arg-type]

    warnings.showwarning = toon_wat_telt  # type: ignore[assignment]


def main() -> int:
    stil()
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *sys.argv[1:]]
    rasa_main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
