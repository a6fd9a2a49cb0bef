"""Containing a screen's errors: a handler that raises tells the App instead of stopping the kiosk.

Textual 8 has no public hook for an exception in a message handler: it ends the app and prints a
traceback with local values. So the kiosk's screens catch their own, three ways: `guard_handlers` wraps
`compose` and the `on_*` and `watch_*` methods a screen class defines (Textual finds them by name); `on`
is Textual's `on` decorator with the handler wrapped (a screen must use this one, not Textual's); and
`containing` guards a block (a screen's whole `on_event`, its compose_page). Each reports the error to the
App as a `HandlerFailed` message; the App logs it (without values), apologises and starts a fresh visit.
A screen never decides that itself. (Actions and the walk worker are contained by the App itself.)
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar, cast

from textual import events
from textual import on as textual_on
from textual.actions import SkipAction
from textual.await_complete import AwaitComplete
from textual.message import Message
from textual.message_pump import MessagePump
from textual.screen import ModalScreen

from screens import gate

HandlerT = TypeVar("HandlerT", bound=Callable[..., Any])
ResultT = TypeVar("ResultT")


class HandlerFailed(Message):
    """A handler of `node` raised `error`; `where` names the screen and handler, never what was typed."""

    def __init__(self, error: Exception, where: str, node: MessagePump | None = None) -> None:
        super().__init__()
        self.error = error
        self.where = where
        self.node = node


def report(node: MessagePump, error: Exception, where: str) -> None:
    """Hand `error` to the App, which contains it (log, apology, fresh start)."""
    node.app.post_message(HandlerFailed(error, where, node))


@contextmanager
def containing(node: MessagePump, where: str) -> Iterator[None]:
    """Run a block of `node`'s handling; an exception in it is reported to the App, not raised."""
    try:
        yield
    except SkipAction:  # Textual's way for an action to say "not mine": not an error
        raise
    except Exception as error:
        report(node, error, where)


def guarded(handler: HandlerT) -> HandlerT:
    """`handler` (a method of a screen or widget, sync or async) with its exceptions reported to the App."""
    where = handler.__qualname__
    if inspect.isgeneratorfunction(handler):  # compose: a failure stops it where it is

        @functools.wraps(handler)
        def guarded_generator(self: MessagePump, *args: Any) -> Any:
            with containing(self, where):
                yield from handler(self, *args)

        return cast(HandlerT, guarded_generator)
    if inspect.iscoroutinefunction(handler):

        @functools.wraps(handler)
        async def guarded_async(self: MessagePump, *args: Any) -> Any:
            with containing(self, where):
                return await handler(self, *args)
            return None

        return cast(HandlerT, guarded_async)

    @functools.wraps(handler)
    def guarded_sync(self: MessagePump, *args: Any) -> Any:
        with containing(self, where):
            return handler(self, *args)
        return None

    return cast(HandlerT, guarded_sync)


def guard_handlers(cls: type) -> None:
    """Wrap `compose` and each `on_*` and `watch_*` method `cls` itself defines with `guarded`."""
    for name, value in list(vars(cls).items()):
        handler = name == "compose" or name.startswith(("on_", "watch_"))
        if handler and inspect.isfunction(value) and not hasattr(value, "__wrapped__"):
            setattr(cls, name, guarded(value))


def on(message_type: type[Message], selector: str | None = None, **kwargs: str) -> Callable[[HandlerT], HandlerT]:
    """Textual's `on` decorator for a handler whose exceptions are contained (see `guarded`)."""

    def decorate(handler: HandlerT) -> HandlerT:
        return textual_on(message_type, selector, **kwargs)(guarded(handler))

    return decorate


class ContainedModal(ModalScreen[ResultT]):
    """A modal screen whose handlers, like a kiosk screen's, report errors to the App."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        guard_handlers(cls)

    async def on_event(self, event: events.Event) -> None:
        with containing(self, f"{type(self).__name__} on {type(event).__name__}"):
            await super().on_event(event)
        gate.on_screen_event(self, event)  # drawn after it became current: it may take input (screens.gate)

    def dismiss(self, result: ResultT | None = None) -> AwaitComplete:
        """The modal's answer; only its first counts, and only while it is the current screen (screens.gate)."""
        return gate.answer_once(self, lambda: super(ContainedModal, self).dismiss(result))
