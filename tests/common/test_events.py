import pytest

from common import events

PING = events.Event("test.ping", ("value",), "A test event.")


def test_subscribers_run_in_order_with_the_payload():
    seen: list[tuple[str, int]] = []
    events.subscribe(PING, lambda value: seen.append(("first", value)), uid="t.first")
    events.subscribe(PING, lambda value: seen.append(("second", value)), uid="t.second")
    # ready() may run twice: the same uid keeps one subscription
    events.subscribe(PING, lambda value: seen.append(("again", value)), uid="t.first")

    events.emit(PING, value=7)

    assert seen == [("first", 7), ("second", 7)]
    assert events.subscribers(PING) == ["t.first", "t.second"]


def test_a_payload_that_does_not_match_the_declaration_is_refused():
    with pytest.raises(TypeError, match=r"test\.ping carries"):
        events.emit(PING, other=1)


def test_a_handler_error_reaches_the_emitter():
    failing = events.Event("test.failing", ())

    def handler() -> None:
        raise RuntimeError("reaction failed")

    events.subscribe(failing, handler, uid="t.failing")
    with pytest.raises(RuntimeError, match="reaction failed"):
        events.emit(failing)
