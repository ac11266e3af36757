"""The commands' flags, made from the options table: `@options_for("audit")` adds a flag for every
setting the command takes, plus the shared --config/--no-config and --report FORMAT=PATH, and
hands the command one `Given` (what the user gave) instead of a parameter per flag.

--help shows the flags in sections (Output, Gate, ...): `Command` is the commands' class.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable

import click

from auditor.errors import ConfigError
from auditor.options import GROUPS, Option, options_of
from auditor.values import Bool

# Flags that are no setting but that every command of a kind shares; which commands take each.
REPORT_FLAG_COMMANDS = ("audit", "report", "merge", "diff")
CONFIG_FLAG_COMMANDS = ("audit", "report", "merge", "diff", "config", "serve")
_DEFAULT_FILE = object()  # `--report FORMAT` without a path: the format's usual name in the report folder


class GroupedOption(click.Option):
    def __init__(self, *args, group: str = "Run", **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group


class Command(click.Command):
    """--help lists options by section, in the order of options.GROUPS."""

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        sections: dict[str, list[tuple[str, str]]] = {}
        for param in self.get_params(ctx):
            if not isinstance(param, click.Option):
                continue  # arguments are in the usage line and the docstring
            record = param.get_help_record(ctx)
            if record is not None:
                sections.setdefault(getattr(param, "group", ""), []).append(record)
        for name in [*GROUPS, *sorted(set(sections) - set(GROUPS) - {""}), ""]:
            if name in sections:
                with formatter.section(f"{name} options" if name else "Options"):
                    formatter.write_dl(sections[name])


def flag(*decls: str, group: str = "Run", **kwargs) -> Callable:
    """A command's own flag (not a setting), shown in a --help section."""
    return click.option(*decls, cls=GroupedOption, group=group, **kwargs)


def sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def help_text(option: Option, command: str) -> str:
    parts = [sentence(option.help + (" (repeatable)" if option.type.repeatable else ""))]
    default = option.default
    if command in dict(option.default_shown):
        parts.append(f"[default: {dict(option.default_shown)[command]}]")
    elif isinstance(option.type, Bool):
        if default:
            parts.append("[default: on]")
    elif default not in (None, (), ""):
        parts.append(f"[default: {option.type.text(default)}]")
    if option.env:  # the usual AUDITOR_NAME goes without saying (the epilog says it)
        parts.append(f"[env: {option.env_name}]")
    return "  ".join(parts)


def click_option(option: Option, command: str) -> Callable:
    """The flag of one setting. Values stay text: the loader parses them, so a bad value gets the
    same one-line error from a flag as from the file or the environment."""
    dashed = option.flag_name
    if isinstance(option.type, Bool):
        return flag(f"{dashed}/--no-{dashed[2:]}", option.name, default=None, help=help_text(option, command),
                    group=option.group)
    return flag(dashed, option.name, metavar=option.shown_metavar, multiple=option.type.repeatable,
                default=None, help=help_text(option, command), group=option.group)


REPORT_HELP = ("Also write report FORMAT to PATH, as --FORMAT PATH does (repeatable); FORMAT alone writes its "
               "usual file name (results.sarif, junit.xml, ...) into the report folder.")


@dataclass(frozen=True)
class Given:
    """What the user gave a command: setting name -> flag value (text, tuple or bool), and the file flags."""
    command: str
    flags: dict[str, Any]
    config_file: str | None = None
    no_config: bool = False

    def load(self, warn: bool = True, folder: Callable[[Any], Path] | None = None):
        """The effective settings: defaults < file < environment < these flags. `folder(loaded)`:
        where `--report FORMAT` puts the format's usual file (else --out, or here for diff)."""
        from auditor.config import load_settings
        from auditor.reports.registry import writer

        flags = {k: v for k, v in self.flags.items() if v is not _DEFAULT_FILE}
        loaded = load_settings(flags, self.config_file, use_file=not self.no_config)
        if folder is None:
            takes_out = "out" in {o.name for o in options_of(self.command)}
            folder = (lambda loaded: Path(loaded.settings.out)) if takes_out else (lambda loaded: Path("."))
        usual: dict[str, Any] = {name: str(folder(loaded) / writer(name).default_file) for name, v in self.flags.items()
                 if v is _DEFAULT_FILE}
        if usual:
            loaded = replace(loaded, settings=replace(loaded.settings, **usual),
                             sources={**loaded.sources, **{name: "command line" for name in usual}})
        if warn:
            for warning in loaded.warnings:
                click.echo(f"auditor: warning: {warning}", err=True)
        return loaded


def _report_flags(values: tuple[str, ...], command: str, given: dict[str, Any]) -> dict[str, Any]:
    """`--report FORMAT=PATH` as the format's own flag; an unknown format names the known ones."""
    from auditor.reports.registry import writers

    formats = [o.name for o in options_of(command) if o.name in writers()]
    out: dict[str, Any] = {}
    for value in values:
        name, has_path, path = value.partition("=")
        name = name.strip().lower()
        if name not in formats:
            raise ConfigError(f"--report {value!r}: unknown format {name!r} (known: {', '.join(formats)})")
        if has_path and not path.strip():
            raise ConfigError(f"--report {value!r}: the path after '=' is empty")
        if name in out or given.get(name) is not None:
            raise ConfigError(f"--report {value!r}: where the {name} report goes is given twice")
        out[name] = path if has_path else _DEFAULT_FILE
    return out


def options_for(command: str) -> Callable:
    """Decorator: the settings flags of `command` (from the table), --config/--no-config and
    --report where the command takes them; the function gets them as `given: Given`."""
    options = options_of(command)

    def wrap(fn: Callable) -> Callable:
        @functools.wraps(fn)
        def run(*args, **kwargs):
            flags = {o.name: kwargs.pop(o.name) for o in options}
            flags = {k: v for k, v in flags.items() if v is not None and v != ()}
            flags.update(_report_flags(kwargs.pop("report", ()), command, flags))
            given = Given(command, flags, kwargs.pop("config_file", None), kwargs.pop("no_config", False))
            return fn(*args, given=given, **kwargs)

        decorators = [click_option(o, command) for o in options]
        if command in REPORT_FLAG_COMMANDS:
            from auditor.reports.registry import writers

            after = max(n for n, o in enumerate(options) if o.name in writers())  # beside the formats' own flags
            decorators.insert(after + 1, flag("--report", "report", multiple=True, metavar="FORMAT[=PATH]",
                                              help=REPORT_HELP, group="Output"))
        if command in CONFIG_FLAG_COMMANDS:
            decorators += [
                flag("--config", "config_file", metavar="FILE", group="Configuration",
                     help="Configuration file (else auditor.toml, or [tool.auditor] in pyproject.toml, found upwards)."),
                flag("--no-config", is_flag=True, group="Configuration", help="Ignore configuration files."),
            ]
        for decorate in reversed(decorators):
            run = decorate(run)
        return run

    return wrap


def epilog(command: str) -> str:
    options = options_of(command)
    if not options:
        return ""
    named = [o.env_name for o in options if o.name in ("timeout", "fail_on")] or [o.env_name for o in options[:2]]
    return ("Each setting can also come from the configuration file and from an AUDITOR_* environment variable "
            f"({', '.join(named)}, ...); flags win. See docs/settings.md.")
