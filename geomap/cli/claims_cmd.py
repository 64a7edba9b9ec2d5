"""``geomap claims``: show the reports articles make, and why, without storing them; and
``geomap claims --check`` to test a rules directory an editor has changed.

\b
    geomap claims seeds/000_073b230dfdd67e73.txt      one line per report, with its rule
    geomap claims article.txt --explain               and the sentence each comes from
    geomap claims news.jsonl --json                   JSON Lines, for pipes
    geomap claims article.txt --rules my-rules/       with an edited copy of geomap/rules
    geomap claims --check --rules my-rules/           compile the rules, run their examples
"""

from __future__ import annotations

import json
import re
from typing import Any

import click

from geomap.errors import GeomapError, UnreadableArticle
from geomap.models import Report
from geomap.readers.options import OPTION_NAMES, read_kwargs, read_options

__all__ = ["COMMANDS", "check_rules", "claims_command"]

_BRACKET = re.compile(r"\[([^\]]+)\]")


def _record(r: Report) -> dict[str, Any]:
    return {
        "id": r.id,
        "article_id": r.article_id,
        "place_id": r.place_id,
        "place": r.place_name,
        "place_kind": r.place_kind,
        "lat": r.lat,
        "lon": r.lon,
        "kind": r.kind.value,
        "actor": r.actor.value,
        "modality": r.modality.value,
        "percent": r.percent,
        "date": r.date.best.isoformat() if r.date else None,
        "date_method": r.date.method if r.date else None,
        "claimed_by": r.claimed_by,
        "claimant_side": r.claimant_side.value,
        "reported_speech": r.reported_speech,
        "rule": r.rule,
        "confidence": r.confidence,
        "sentence": r.sentence,
        "sentence_span": [r.sentence_start, r.sentence_end],
        "mention_span": [r.mention_start, r.mention_end],
    }


def _line(r: Report) -> str:
    pct = f" {r.percent:g}%" if r.percent is not None else ""
    when = r.date.best.isoformat() if r.date else "undated"
    return (
        f"{when}  {r.place_name:<18} {r.kind.value + pct:<20} {r.actor.value:<7} "
        f"{r.modality.value:<12} {r.claimed_by[:28]:<28} {r.rule}"
    )


def check_rules(directory: str | None) -> list[str]:
    """Compile the rules in ``directory`` (default: geomap's own) and run every rule's examples.

    Returns the problems found, one line each; an empty list means the rules are fine. The
    places of an example are written in [brackets]; ``[city]`` refers back to a place named in
    a sentence put before it.
    """
    from gazetteer.types import Mention, Place
    from geomap.claim_rules import load_rules
    from geomap.claims import extract
    from geomap.models import Article

    rules = load_rules(directory)
    problems = []
    for rule in rules.rules:
        if not rule.examples:
            problems.append(f"{rule.id}: no example")
        for example in rule.examples:
            text = f"Reporters visited [Bakhmut]. {example}" if "[city]" in example else example
            mentions, out, pos = [], "", 0
            for m in _BRACKET.finditer(text):
                out += text[pos : m.start()]
                name = m.group(1)
                if name != "city":
                    place = Place(f"check:{name.lower()}", name, "settlement", 48.0, 37.0)
                    mentions.append(Mention(len(out), len(out) + len(name), name, place))
                out += name
                pos = m.end()
            out += text[pos:]
            first = _BRACKET.search(example)
            want = "Bakhmut" if first is None or first.group(1) == "city" else first.group(1)
            got = extract(Article("check", out), mentions, rules=rules)
            if not any(r.place_name == want and r.kind is rule.kind for r in got):
                made = ", ".join(f"{r.place_name} {r.kind.value} ({r.rule})" for r in got)
                problems.append(
                    f"{rule.id}: {example!r} makes no {rule.kind.value} report for {want}"
                    f" (made: {made or 'nothing'})"
                )
    return problems


@click.command("claims", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1)
@read_options
@click.option(
    "--rules",
    "rules_dir",
    type=click.Path(exists=True, file_okay=False),
    help="A directory with lexicon.yaml and claims.yaml to use instead of geomap's rules.",
)
@click.option("--facts", is_flag=True, help="Only asserted reports (what a map draws as fact).")
@click.option("--explain", is_flag=True, help="Show the sentence under each report.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per report (JSON Lines).")
@click.option("--check", is_flag=True, help="Check the rules: compile them and run their examples.")
def claims_command(
    paths: tuple[str, ...],
    rules_dir: str | None,
    facts: bool,
    explain: bool,
    as_json: bool,
    check: bool,
    **options: Any,
) -> None:
    """Show the reports articles make (place, kind, actor, modality, claimant, rule).

    PATHS are files, directories, globs, or - for standard input; nothing is stored. Each line
    names the rule that made the report, so an editor can see why; rules live in
    geomap/rules/claims.yaml (patterns) and lexicon.yaml (word lists).

    \b
    Examples:
      geomap claims seeds/ --facts
      geomap claims article.txt --explain --rules my-rules/
      geomap claims --check --rules my-rules/
    """
    from geomap.claim_rules import default_rules, load_rules

    try:
        if check:
            problems = check_rules(rules_dir)
            for problem in problems:
                click.echo(problem)
            if problems:
                raise click.ClickException(f"{len(problems)} problem(s) in the rules")
            click.echo(f"rules OK: {rules_dir or 'geomap/rules'}")
            return
        rules = load_rules(rules_dir) if rules_dir else default_rules()
    except GeomapError as exc:
        raise click.ClickException(str(exc)) from exc
    if not paths:
        raise click.UsageError("give articles to read (PATHS), or --check")

    import gazetteer
    from geomap.articles import read_paths
    from geomap.claims import extract

    kwargs = read_kwargs({k: options.get(k) for k in OPTION_NAMES})
    try:
        items = list(read_paths(paths, **kwargs))
    except GeomapError as exc:
        raise click.ClickException(str(exc)) from exc
    count = 0
    for item in items:
        if isinstance(item, UnreadableArticle):
            click.echo(f"warning: {item}", err=True)
            continue
        count += 1
        reports = extract(item, gazetteer.find(item.text), rules=rules)
        if facts:
            reports = [r for r in reports if r.is_fact]
        if not as_json:
            click.echo(f"== {item.source or '-'}  ({len(reports)} reports)")
        for r in reports:
            if as_json:
                record = {"source": item.source, **_record(r)}
                click.echo(json.dumps(record, ensure_ascii=False, sort_keys=True))
            else:
                click.echo(_line(r))
                if explain:
                    click.echo(f"      “{r.sentence}”")
    if not count:
        raise click.ClickException("no article could be read")


COMMANDS: list[click.Command] = [claims_command]
