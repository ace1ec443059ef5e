"""Kompas: a Dutch assistant for reflecting on integriteit in politics.

One module per idea: ``content`` (loading and validating YAML with file:line errors),
``zelftest``, ``rapport`` (the 2x2 picture), ``begrippen`` (glossary and help),
``casussen`` (the case library), ``checklists``, ``werkvormen``, ``storage``
(database, tracker store, deletion, retention), ``taal``, ``nlu`` (the Dutch tokenizer
for Rasa), ``web`` (chat page and personal report) and ``cli``. The Rasa actions in
``actions/`` only translate between Rasa and these modules.
"""
