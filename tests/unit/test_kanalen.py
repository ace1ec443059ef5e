"""The channels: over-long messages and self-chosen conversation ids never reach Rasa."""

from __future__ import annotations

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from bot.kanalen import alleen_veilige_sessies, begrens, max_bericht


class Rasa:
    def __init__(self) -> None:
        self.ontvangen: list[str] = []

    async def __call__(self, bericht: UserMessage) -> None:
        self.ontvangen.append(bericht.text)


async def test_a_message_over_the_limit_gets_a_friendly_answer_and_never_reaches_rasa() -> None:
    rasa, uit = Rasa(), CollectingOutputChannel()
    await begrens(rasa)(UserMessage("x" * (max_bericht() + 1), uit, "a" * 32))
    assert rasa.ontvangen == []
    (antwoord,) = uit.messages
    assert "te lang" in antwoord["text"] and str(max_bericht()) in antwoord["text"]


async def test_a_message_at_the_limit_goes_through(monkeypatch) -> None:
    monkeypatch.setenv("KOMPAS_MAX_BERICHT", "10")
    rasa, uit = Rasa(), CollectingOutputChannel()
    await begrens(rasa)(UserMessage("1234567890", uit, "a" * 32))
    await begrens(rasa)(UserMessage("12345678901", uit, "a" * 32))
    assert rasa.ontvangen == ["1234567890"]
    assert "10 tekens" in uit.messages[0]["text"]


async def test_only_server_made_conversation_ids_reach_rasa_from_the_widget() -> None:
    rasa, uit = Rasa(), CollectingOutputChannel()
    veilig = alleen_veilige_sessies(rasa)
    await veilig(UserMessage("hoi", uit, "0123456789abcdef0123456789abcdef"))
    for zelfgekozen in ("1", "jan", "0123456789ABCDEF0123456789ABCDEF", "0123456789abcdef0123456789abcdef0"):
        await veilig(UserMessage("hoi", uit, zelfgekozen))
    assert rasa.ontvangen == ["hoi"]


async def test_a_turn_that_fails_gets_a_friendly_answer_and_its_text_is_not_logged(caplog) -> None:
    uit = CollectingOutputChannel()

    async def kapot(bericht: UserMessage) -> None:
        raise IndexError("list index out of range")

    await begrens(kapot)(UserMessage("mijn geheime zwager", uit, "a" * 32))
    (antwoord,) = uit.messages
    assert "iets mis" in antwoord["text"] and "niets verloren" in antwoord["text"]
    assert "kon niet verwerkt worden" in caplog.text
    assert "zwager" not in caplog.text
