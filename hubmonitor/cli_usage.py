"""click's own messages in Danish beside its English. A usage error ("No such option '--bogus'.",
"Missing option '--data'.", "Invalid value for '--scale': 'abc' is not a valid float.") is shown as

    Brug / Usage: hubmonitor evaluate [OPTIONS] CONTRACT
    Hjælp: 'hubmonitor evaluate --help' / Try 'hubmonitor evaluate --help' for help.

    Fejl: tilvalget '--bogus' findes ikke. / Error: No such option '--bogus'.

The Danish is made from the exception's own fields (the option, the parameter and its kind, the
commands it may have meant) where click gives them, and from click's English words by the patterns
in ``_WORDS`` where it does not (a value's type check, an option without its value); a message
neither covers keeps click's English ("Fejl / Error: …"). hubmonitor's own usage messages are
``Said`` (``hubmonitor.errors``): both languages, each put in its half. With ``HUBMONITOR_LANG=en``,
click's English alone.

``Group`` is the ``hubmonitor`` command group: it hands click's exceptions on as ``Bilingual``, so
that click's own ``main`` (exit codes, a closed pipe) stays as click wrote it. An exception that
shows itself its own way (``NoArgsIsHelpError``: the help) is handed on unchanged. Ctrl-C ends with
``aborted`` instead of click's "Aborted!": in the command's language when a command was running
(``cli._run``), in both before one was (while the arguments are read), exit code 1 as click's.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from typing import IO, Any

import click

from hubmonitor.cli_help import DanishHelp, english_only
from hubmonitor.errors import Said


class GivenPath(click.Path):
    """click's ``Path`` that refuses an empty value: pathlib reads ``''`` as the current folder (a review
    gave ``--data ''`` and the working folder was read as the hub's data)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and not value.strip():
            self.fail(Said("tom sti; angiv en fil eller en mappe", "empty path; give a file or a folder"), param, ctx)
        return super().convert(value, param, ctx)


# click's English words (the text of its messages, click ≥ 8.1) → the same in Danish; the first
# pattern matching the whole message is used
_WORDS: tuple[tuple[str, str], ...] = (
    (r"(?P<v>.+) is not a valid integer\.", "{v} er ikke et helt tal."),
    (r"(?P<v>.+) is not a valid float\.", "{v} er ikke et tal."),
    (r"(?P<v>.+) is not a valid boolean\..*", "{v} er ikke ja eller nej."),
    (r"(?P<v>.+) is not in the range (?P<r>.+)\.", "{v} ligger ikke i intervallet {r}."),
    (r"(?P<v>.+) is not one of (?P<c>.+)\.", "{v} er ikke en af {c}."),
    (r"(?P<v>.+) is not (?P<c>'[^']*')\.", "{v} er ikke {c}."),
    (r"(?:File|Path) (?P<f>.+) does not exist\.", "filen {f} findes ikke."),
    (r"Directory (?P<f>.+) does not exist\.", "mappen {f} findes ikke."),
    (r"(?:File|Path) (?P<f>.+) is a directory\.", "{f} er en mappe, ikke en fil."),
    (r"(?:Directory|Path) (?P<f>.+) is a file\.", "{f} er en fil, ikke en mappe."),
    (r"(?:File|Directory|Path) (?P<f>.+) is not readable\.", "{f} kan ikke læses."),
    (r"(?:File|Directory|Path) (?P<f>.+) is not writable\.", "{f} kan ikke skrives."),
    (r"Option (?P<o>.+) requires an argument\.", "tilvalget {o} skal have en værdi."),
    (r"Option (?P<o>.+) requires (?P<n>\d+) arguments\.", "tilvalget {o} skal have {n} værdier."),
    (r"Option (?P<o>.+) does not take a value\.", "tilvalget {o} tager ingen værdi."),
    (r"Got unexpected extra argument \((?P<a>.*)\)", "et argument for meget ({a})"),
    (r"Got unexpected extra arguments \((?P<a>.*)\)", "argumenter for meget ({a})"),
    (r"Missing command\.", "kommandoen mangler."),
    (r"No such command (?P<c>.+?)\.(?: .*)?", "kommandoen {c} findes ikke."),
    (r"No such option:? (?P<o>.+?)\.?(?: .*)?", "tilvalget {o} findes ikke."),
    (r"Choose from:\s*(?P<c>.+)", "vælg blandt: {c}"),
)


def _danish_words(text: str) -> str | None:
    """``text`` (click's English) in Danish by ``_WORDS``; None when no pattern covers it."""
    for pattern, danish in _WORDS:
        found = re.fullmatch(pattern, text.strip(), re.S)
        if found:
            return danish.format(**{k: re.sub(r"\s+", " ", v) for k, v in found.groupdict().items()})
    return None


def _hint(exc: click.ClickException) -> str | None:
    """The parameter a message is about, as click names it ('--data', 'CONTRACT')."""
    hint: str | Sequence[str] | None = getattr(exc, "param_hint", None)
    param = getattr(exc, "param", None)
    if hint is None and param is not None:
        hint = param.get_error_hint(getattr(exc, "ctx", None))
    if hint is None or isinstance(hint, str):
        return hint
    return " / ".join(hint)


def _meant(possibilities: Sequence[str] | None, one: str, several: str) -> str:
    if not possibilities:
        return ""
    if len(possibilities) == 1:
        return " " + one.format(repr(possibilities[0]))
    return " " + several.format(", ".join(repr(p) for p in sorted(possibilities)))


def _halves(exc: click.ClickException) -> tuple[str | None, str]:
    """The message in Danish (None: not known) and in English."""
    english = exc.format_message()
    message = exc.message
    if isinstance(exc, click.exceptions.NoSuchOption):
        return (f"tilvalget {exc.option_name!r} findes ikke."
                + _meant(exc.possibilities, "Mente du {}?", "(Mente du en af: {}?)"), english)
    if type(exc).__name__ == "NoSuchCommand" and hasattr(exc, "command_name"):  # click ≥ 8.4
        return (f"kommandoen {exc.command_name!r} findes ikke."
                + _meant(getattr(exc, "possibilities", None), "Mente du {}?", "(Mente du en af: {}?)"), english)
    if isinstance(exc, click.exceptions.MissingParameter):
        param = exc.param
        kind = exc.param_type or (param.param_type_name if param is not None else "parameter")
        hint = _hint(exc)
        what = {"option": "tilvalget", "argument": "argumentet"}.get(kind, "parameteren")
        danish = f"{what} {hint} mangler." if hint else f"{what} mangler."
        extra = param.type.get_missing_message(param=param, ctx=exc.ctx) if param is not None else None
        if extra:
            said = _danish_words(extra)
            danish += f" {said}" if said else ""
        return danish, english
    if isinstance(exc, click.BadParameter):
        hint = _hint(exc)
        inner = message.da if isinstance(message, Said) else _danish_words(message)
        if isinstance(message, Said):
            english = (f"Invalid value for {hint}: {message.en}" if hint else f"Invalid value: {message.en}")
        if inner is None:
            return None, english
        return (f"ugyldig værdi for {hint}: {inner}" if hint else f"ugyldig værdi: {inner}"), english
    if isinstance(message, Said):
        return message.da, message.en
    return _danish_words(message), english


def show(exc: click.ClickException, file: IO[Any] | None = None) -> None:
    """Print ``exc`` as click would: the usage and where to find help (a usage error), then the error;
    in the language ``--lang`` named on the command line before the error (it is eager) or
    HUBMONITOR_LANG=en, click's own in its English and a message in both (``Said``) by its half; else
    in Danish and English ('Fejl: … / Error: …')."""
    ctx: click.Context | None = getattr(exc, "ctx", None)
    lang = _asked_lang(ctx) or ("en" if english_only() else None)
    if lang == "en" and not isinstance(exc.message, Said):
        exc.show(file)  # click's own English, as click writes it
        return
    danish, english = _halves(exc)
    lines = []
    if isinstance(exc, click.UsageError) and ctx is not None:
        usage = ctx.get_usage()
        bare = usage.removeprefix("Usage:").removeprefix("Brug:")  # (the help's usage line is Danish)
        head = {"da": "Brug:", "en": "Usage:"}.get(lang or "", "Brug / Usage:")
        lines.append(head + bare if bare != usage else usage)
        if ctx.command.get_help_option(ctx) is not None:
            command = f"'{ctx.command_path} {max(ctx.command.get_help_option_names(ctx), key=len)}'"
            lines.append({"da": f"Hjælp: {command}", "en": f"Try {command} for help."}.get(
                lang or "", f"Hjælp: {command} / Try {command} for help."))
        lines.append("")
    if lang == "en":
        lines.append(f"Error: {english}")
    elif not danish:  # no Danish known for click's words
        lines.append(f"Fejl / Error: {english}")
    else:
        lines.append(f"Fejl: {danish}" if lang == "da" else f"Fejl: {danish} / Error: {english}")
    click.echo("\n".join(lines), file=file, err=file is None, color=ctx.color if ctx is not None else None)


def _asked_lang(ctx: click.Context | None) -> str | None:
    """``--lang`` as given on the command line, when it was read before the error (it is eager)."""
    if ctx is None or "lang" not in ctx.params:
        return None
    given = ctx.get_parameter_source("lang") is click.core.ParameterSource.COMMANDLINE
    return str(ctx.params["lang"]).lower() if given else None


class Bilingual(click.ClickException):
    """click's exception ``original``, shown in both languages (``show``), with its exit code."""

    def __init__(self, original: click.ClickException) -> None:
        super().__init__(original.format_message())
        self.original = original
        self.exit_code = original.exit_code  # type: ignore[misc]  # click's is a class attribute: 2 for usage

    def show(self, file: IO[Any] | None = None) -> None:
        show(self.original, file)


def _bilingual(exc: click.ClickException) -> click.ClickException:
    shows_itself = type(exc).show not in (click.ClickException.show, click.UsageError.show)
    return exc if isinstance(exc, Bilingual) or shows_itself else Bilingual(exc)


_ABORTED = ("Afbrudt.", "Aborted.")


def aborted(lang: str | None = None) -> str:
    """What is said when the user stops a command with Ctrl-C: in ``lang``, or in both languages
    (as click's own messages are shown) when no command has said which."""
    da, en = _ABORTED
    if lang is None:
        return en if english_only() else f"{da} / {en}"
    return da if lang == "da" else en


class Command(DanishHelp, click.Command):
    """A command whose help is in Danish unless English is asked for (``cli_help``)."""


class Group(DanishHelp, click.Group):
    """The command group whose usage errors, and those of its commands, are shown in both languages,
    and whose help, and its commands', is in Danish unless English is asked for (``cli_help``)."""

    command_class = Command

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> Any:
        """click's ``main``, but a Ctrl-C outside a command's run says ``aborted()``, not "Aborted!"."""
        from hubmonitor.io.reading import stream_identity

        if stream_identity(sys.stderr) is not None:  # (a terminal or a pipe: nothing more is looked at)
            from hubmonitor.io.output import StreamError, refuse_stderr_into_arguments
            try:
                refuse_stderr_into_arguments(sys.argv[1:] if args is None else list(args))
            except StreamError as exc:
                if exc.said_on == "stdout":  # (said before the language is known: both, as a usage error is)
                    click.echo(f"Fejl [{exc.code}]: {exc.text('da')} / Error [{exc.code}]: {exc.text('en')}")
                sys.exit(1)
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except click.exceptions.Abort:  # click has closed the ^C echo with a blank line
            click.echo(aborted(), err=True)
            sys.exit(1)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        sys.exit(code if isinstance(code, int) else 0)

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: Any) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.ClickException as exc:
            shown = _bilingual(exc)
            if shown is exc:
                raise
            raise shown from exc

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.ClickException as exc:
            shown = _bilingual(exc)
            if shown is exc:
                raise
            raise shown from exc

