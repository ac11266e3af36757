"""The options table is the one source: every option is reachable from its flag, the file and the
environment, and the commands' shared options do not drift apart."""
from __future__ import annotations

import os

import click
import pytest
from click.testing import CliRunner

from auditor.cli import main
from auditor.cli_options import CONFIG_FLAG_COMMANDS, REPORT_FLAG_COMMANDS, options_for
from auditor.options import OPTIONS, Option, Standard, options_of
from auditor.reports.registry import writers
from auditor.values import Bool, Choice, Float, Int, Text


def sample(option: Option):
    """A value of the option's type other than its default."""
    t = option.type
    if option.example is not None:
        return option.example
    if isinstance(t, Bool):
        return not option.default
    if isinstance(t, Choice):
        return next(c for c in t.choices if c != option.default)
    if isinstance(t, Int):
        return (option.default or t.min or 0) + 1
    if isinstance(t, Float):
        return (option.default or 1.0) + 1.5
    if isinstance(t, Standard):
        return "WCAG2.1A"
    if isinstance(t, Text):
        return f"sample-{option.name}"
    raise AssertionError(f"no sample value for a {type(t).__name__}: add one to this test")


def flag_args(option: Option, value) -> list[str]:
    t = option.type
    if isinstance(t, Bool):
        return [option.flag_name if value else "--no-" + option.flag_name[2:]]
    if t.repeatable:
        return [arg for item in value for arg in (option.flag_name, t.text((item,)))]
    return [option.flag_name, t.text(value)]


def config(*args: str, env: dict[str, str] | None = None) -> str:
    """`auditor config` with no other AUDITOR_* variable than `env`'s."""
    clean = {k: None for k in os.environ if k.startswith("AUDITOR_")}
    result = CliRunner().invoke(main, ["config", *args], env={**clean, **(env or {})}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("option", OPTIONS, ids=[o.name for o in OPTIONS])
def test_every_option_is_reachable_from_flag_file_and_environment(option, tmp_path):
    value = sample(option)
    assert value != option.default
    shown = f"{option.name} = {option.type.toml(value)}  # "
    assert shown + "command line\n" in config("--no-config", *flag_args(option, value))
    assert shown + f"environment {option.env_name}\n" in config("--no-config",
                                                                env={option.env_name: option.type.text(value)})
    path = tmp_path / "auditor.toml"
    path.write_text(f"{option.name} = {option.type.toml(value)}\n", encoding="utf-8")
    assert shown + f"file {path}\n" in config("--config", str(path))
    # and the default, when nothing sets it
    plain = config("--no-config")
    assert (f"# {option.name} = (unset)\n" if option.default is None else
            f"{option.name} = {option.type.toml(option.default)}  # default\n") in plain


def _params(command: click.Command) -> dict[str, click.Parameter]:
    return {p.name: p for p in command.params if isinstance(p, click.Option) and p.name != "help"}


def _declaration(param: click.Option) -> tuple:
    help_text = (param.help or "").split("  [default:")[0]
    return (tuple(param.opts), tuple(param.secondary_opts), param.metavar, param.multiple, param.is_flag, help_text)


# Command-specific flags that happen to share a name with a setting, on purpose.
SAME_NAME_ON_PURPOSE = {("serve", "concurrency")}  # audits at once, a service setting (pages at once: the table's)


def test_shared_options_are_spelled_the_same_on_every_command():
    declared: dict[str, dict[str, tuple]] = {}
    for name, command in main.commands.items():
        for param_name, param in _params(command).items():
            if (name, param_name) not in SAME_NAME_ON_PURPOSE:
                declared.setdefault(param_name, {})[name] = _declaration(param)
    drifted = {p: by_command for p, by_command in declared.items() if len(set(by_command.values())) > 1}
    assert not drifted, f"options declared differently on different commands: {drifted}"


def test_every_command_takes_the_options_the_table_says_and_the_shared_flags():
    for name, command in main.commands.items():
        params = _params(command)
        for option in OPTIONS:
            if name in option.commands:
                assert option.name in params, f"{name} lacks {option.flag_name}"
                assert params[option.name].opts[0] == option.flag_name
            else:
                assert option.name not in params or (name, option.name) in SAME_NAME_ON_PURPOSE, \
                    f"{name} takes {option.flag_name} although the table does not say so"
        assert ("report" in params) == (name in REPORT_FLAG_COMMANDS), name
        assert ("config_file" in params and "no_config" in params) == (name in CONFIG_FLAG_COMMANDS), name


def test_the_commands_that_write_results_share_one_output_set():
    formats = set(writers())
    output = formats | {"report", "fail_on", "config_file", "no_config"}
    for name in ("audit", "report", "merge"):
        assert output | {"out", "baseline"} <= set(_params(main.commands[name])), name
    diff = set(_params(main.commands["diff"]))
    assert {"json", "markdown", "report", "fail_on", "config_file", "no_config"} <= diff
    assert not (formats - {"json", "markdown"}) & diff, "diff takes only the formats that fit its result"
    assert set(_params(main.commands["config"])) >= {o.name for o in OPTIONS}


def test_a_command_gets_one_dict_of_given_values():
    """The flags reach the command as one `Given`, holding only what was given."""
    seen = {}

    @click.command()
    @options_for("diff")
    def probe(given):
        seen["given"] = given

    CliRunner().invoke(probe, ["--fail-on", "minor", "--report", "json=d.json", "--no-config"],
                       catch_exceptions=False)
    given = seen["given"]
    assert given.flags == {"fail_on": "minor", "json": "d.json"} and given.no_config is True
    assert {o.name for o in options_of("diff")} == {"json", "markdown", "fail_on", "scope"}


def test_bad_flag_values_are_one_line_errors_naming_the_flag():
    clean = {k: None for k in os.environ if k.startswith("AUDITOR_")}
    for args, needle in ((["--timeout", "inf"], "--timeout must be a finite number greater than 0, not 'inf'"),
                         (["--concurrency", "lots"], "--concurrency must be a whole number from 1 to 32"),
                         (["--header", "nocolon"], "--header: 'nocolon' must look like NAME:VALUE"),
                         (["--fail-on", "bad"], "--fail-on must be one of critical, serious")):
        result = CliRunner().invoke(main, ["config", "--no-config", *args], env=clean)
        assert result.exit_code == 2
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"auditor: error: {needle}"), result.output
