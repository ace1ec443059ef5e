"""Thin Rasa SDK actions: they translate between Rasa and the ``bot`` package."""
