"""A Rasa tokenizer that uses spaCy's Dutch language support.

No Dutch spaCy *model* is on PyPI, but ``spacy.blank("nl")`` has the Dutch tokenizer
rules (clitics like "'s", abbreviations, hyphenated compounds) and, with
``spacy-lookups-data``, a Dutch lemma table. That is all the CountVectors features
need; a model with vectors would add nothing here. Punctuation and emoji tokens are
dropped, like Rasa's own tokenizers do.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.training_data.message import Message


@lru_cache(maxsize=2)
def nederlands(lemma: bool = True) -> Any:
    """The blank Dutch spaCy pipeline (with the lookup lemmatizer when asked)."""
    import spacy

    nlp = spacy.blank("nl")
    if lemma:
        try:
            nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
            nlp.initialize()
        except Exception:
            nlp = spacy.blank("nl")
    return nlp


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class DutchTokenizer(Tokenizer):
    """Tokenizes Dutch text with spaCy's ``nl`` language rules."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "intent_tokenization_flag": False,
            "intent_split_symbol": "_",
            "token_pattern": None,
            "prefix_separator_symbol": None,
            # Use spaCy's Dutch lookup lemmas (e.g. "nevenfuncties" -> "nevenfunctie").
            "lemma": True,
        }

    @staticmethod
    def required_packages() -> list[str]:
        return ["spacy"]

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> DutchTokenizer:
        return cls(config)

    def __init__(self, config: dict[str, Any]) -> None:
        super().__init__(config)
        self._nlp = nederlands(bool(config.get("lemma", True)))

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        text = message.get(attribute) or ""
        tokens: list[Token] = []
        aan_elkaar = False  # was the previous kept token directly followed by this one?
        for t in self._nlp(text):
            if t.is_space or t.is_punct or _is_symbol(t.text):
                aan_elkaar = False
                continue
            if aan_elkaar and tokens:
                # spaCy splits "5T7K2M" into "5T7K2" + "M" (a number and a unit);
                # letters and digits written together are one word for us.
                vorige = tokens.pop()
                woord = text[vorige.start : t.idx + len(t.text)]
                tokens.append(Token(woord, vorige.start, lemma=woord.lower()))
            else:
                tokens.append(Token(t.text, t.idx, lemma=(t.lemma_ or t.text).lower()))
            aan_elkaar = t.whitespace_ == ""
        if not tokens and text.strip():
            # Only emoji or punctuation: keep the text as one token so the
            # message still gets features (and a fallback rather than an error).
            stripped = text.strip()
            tokens = [Token(stripped, text.index(stripped))]
        return self._apply_token_pattern(tokens)


def _is_symbol(text: str) -> bool:
    return not any(ch.isalnum() for ch in text)
