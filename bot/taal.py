"""A light check whether a message is written in another language than Dutch.

Kompas speaks only Dutch. NLU sends English and other languages to out_of_scope or
the fallback; this check lets those answers say so, instead of "I don't understand".
Function words are a reliable signal in short chat messages, and need no model.
"""

from __future__ import annotations

import re

# Frequent function words of English (and a few German/French ones) that are not Dutch words.
_ANDERE_TAAL = {
    "the",
    "you",
    "your",
    "what",
    "how",
    "why",
    "can",
    "could",
    "would",
    "should",
    "please",
    "hello",
    "hi",
    "thanks",
    "thank",
    "is",
    "are",
    "this",
    "that",
    "with",
    "about",
    "i",
    "i'm",
    "im",
    "my",
    "me",
    "do",
    "does",
    "want",
    "help",
    "speak",
    "english",
    "who",
    "where",
    "when",
    "which",
    "there",
    "have",
    "has",
    "it",
    "of",
    "to",
    "and",
    "for",
    "ich",
    "nicht",
    "und",
    "sie",
    "bitte",
    "danke",
    "je",
    "suis",
    "vous",
    "est",
    "pas",
    "merci",
    "bonjour",
}
# Dutch words that look like the above and must not count.
_OOK_NEDERLANDS = {"is", "je", "me", "hi", "help", "die", "had", "was", "in", "of", "de", "en"}


def lijkt_anderstalig(tekst: str) -> bool:
    """True when most words of a message are non-Dutch function words."""
    woorden = re.findall(r"[a-zA-Z']+", tekst.lower())
    if not woorden:
        return False
    vreemd = [w for w in woorden if w in _ANDERE_TAAL and w not in _OOK_NEDERLANDS]
    return len(vreemd) >= max(1, len(woorden) // 3)


def normaliseer(tekst: str) -> str:
    """Lowercase, letters/digits only, single spaces: how Kompas compares what people
    type with the words in its content."""
    return " ".join(re.sub(r"[^\w]+", " ", tekst.lower()).split())
