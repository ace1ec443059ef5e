"""The Dutch tokenizer used by the NLU pipeline."""

from __future__ import annotations

from pathlib import Path

from rasa.shared.nlu.training_data.message import Message

from bot.nlu import DutchTokenizer
from bot.taal import lijkt_anderstalig


def tokens(tekst: str) -> list[tuple[str, str]]:
    tokenizer = DutchTokenizer(DutchTokenizer.get_default_config())
    return [(t.text, t.lemma) for t in tokenizer.tokenize(Message(data={"text": tekst}), "text")]


def test_dutch_tokens_without_punctuation_with_lemmas() -> None:
    assert tokens("Wat zijn nevenfuncties?") == [("Wat", "wat"), ("zijn", "zijn"), ("nevenfuncties", "nevenfunctie")]


def test_token_offsets_point_into_the_text() -> None:
    tokenizer = DutchTokenizer(DutchTokenizer.get_default_config())
    tekst = "Heb je 'n casus over social media?"
    for token in tokenizer.tokenize(Message(data={"text": tekst}), "text"):
        assert tekst[token.start : token.end] == token.text


def test_only_emoji_still_gives_one_token() -> None:
    assert [t for t, _ in tokens("😀😀")] == ["😀😀"]


def test_english_is_recognised_dutch_is_not() -> None:
    assert lijkt_anderstalig("what can you do for me?")
    assert lijkt_anderstalig("Do you speak English")
    assert not lijkt_anderstalig("wat is een VOG?")
    assert not lijkt_anderstalig("help")
    assert not lijkt_anderstalig("ik wil de zelftest doen")


def test_a_session_code_stays_one_token() -> None:
    assert [t for t, _ in tokens("code 5T7K2M graag")] == ["code", "5T7K2M", "graag"]
    assert [t for t, _ in tokens("ik doe mee met ab12km")] == ["ik", "doe", "mee", "met", "ab12km"]


def _voorbeelden(pad: Path) -> set[str]:
    """Every example sentence in an NLU file, without entity markup, in lower case."""
    from rasa.shared.nlu.training_data.loading import load_data

    return {m.get("text").strip().lower() for m in load_data(str(pad)).intent_examples}


def test_no_held_out_sentence_is_in_the_training_data() -> None:
    # The held-out set measures phrasings Kompas never saw; a copy in data/nlu would
    # make the accuracy floor meaningless.
    project = Path(__file__).resolve().parents[2]
    training: set[str] = set()
    for pad in sorted((project / "data" / "nlu").glob("*.yml")):
        training |= _voorbeelden(pad)
    gelekt = sorted(_voorbeelden(project / "tests" / "nlu" / "testset.yml") & training)
    assert gelekt == []
