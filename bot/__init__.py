"""Kompas: a Dutch assistant for reflecting on integriteit in politics.

One module per idea: ``content`` (loading and validating YAML), ``zelftest``,
``begrippen``, ``rapport``, ``storage``, ``taal``, ``nlu`` (the Dutch tokenizer for
Rasa), ``web`` (the web app) and ``cli``. Rasa actions in ``actions/`` call these.
"""
