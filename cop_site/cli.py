"""The ``cop-site`` command line: check a repository, print schemas."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Sequence

from . import __version__
from .model import Community, Problem
from .schemas import NAMES, schema_text
from .settings import read_layout
from .validation import load_and_check

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _github_escape(text: str, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_problem(problem: Problem, style: str) -> str:
    """One problem as a line of text or a GitHub workflow command."""
    if style == "github":
        props = ",".join([f"file={_github_escape(problem.path, True)}", f"line={problem.line}",
                          f"col={problem.column}", f"title={_github_escape('cop-site ' + problem.code, True)}"])
        return f"::{problem.severity} {props}::{_github_escape(problem.message)}"
    return str(problem)


def summary(community: Community, problems: Sequence[Problem]) -> str:
    """The closing line of a check: counts of problems and of what was read."""
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors

    def plural(n: int, word: str) -> str:
        return f"{n:,} {word}{'' if n == 1 else 's'}"

    counts = ", ".join([plural(len(community.members), "member"), plural(len(community.practices), "practice"),
                        plural(len(community.domains), "domain"), plural(len(community.terms), "term")])
    return f"cop-site: {plural(errors, 'error')}, {plural(warnings, 'warning')} ({counts})"


def run_check(args: argparse.Namespace) -> int:
    root = Path(args.path)
    if not root.is_dir():
        print(f"cop-site: error: {root} is not a folder", file=sys.stderr)
        return EXIT_USAGE
    layout = read_layout(root, args.config_file)
    if not (root / layout.members_dir).is_dir() and not (root / layout.practices_dir).is_dir():
        print(f"cop-site: error: {root} has neither {layout.members_dir}/ nor {layout.practices_dir}/; "
              "is it a CoP repository? (`cop-site init DIR` makes one)", file=sys.stderr)
        return EXIT_USAGE
    community, problems = load_and_check(root, layout)
    if args.format == "json":
        json.dump([{"path": p.path, "line": p.line, "column": p.column, "severity": p.severity,
                    "code": p.code, "message": p.message} for p in problems], sys.stdout, indent=2)
        print()
    else:
        for problem in problems:
            print(format_problem(problem, args.format))
        print(summary(community, problems), file=sys.stderr if args.format == "github" else sys.stdout)
    failing = [p for p in problems if p.severity == "error" or args.strict]
    return EXIT_PROBLEMS if failing else EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    from .export import export_site

    root = Path(args.path)
    if not (root / args.config_file).is_file():
        print(f"cop-site: error: no {args.config_file} in {root}", file=sys.stderr)
        return EXIT_USAGE
    problems = export_site(root, Path(args.out), args.config_file)
    errors = sum(p.severity == "error" for p in problems)
    print(f"cop-site: exported to {args.out} ({errors} content error{'s' if errors != 1 else ''}; "
          "`cop-site check` lists them)")
    return EXIT_OK


def run_schema(args: argparse.Namespace) -> int:
    sys.stdout.write(schema_text(args.name))
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cop-site", description="Validate and publish a Community of Practice.")
    parser.add_argument("--version", action="version", version=f"cop-site {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="validate a CoP repository without building it",
                                description="Validate members, domains, glossaries and practices. "
                                            "Exit 0: clean (warnings allowed); 1: content errors; 2: usage error.")
    check.add_argument("path", nargs="?", default=".", help="the repository's root (default: .)")
    check.add_argument("--format", choices=("text", "github", "json"), default="text",
                       help="text lines, GitHub workflow annotations, or a JSON list")
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.add_argument("--config-file", default="mkdocs.yml", help="where the plugin's options are (default: mkdocs.yml)")
    check.set_defaults(run=run_check)

    export = commands.add_parser("export", help="write the site as a plain MkDocs project",
                                 description="Write hand-written and generated pages as a plain MkDocs project "
                                             "that builds without the cop-site plugin.")
    export.add_argument("out", help="the folder to write")
    export.add_argument("path", nargs="?", default=".", help="the repository's root (default: .)")
    export.add_argument("--config-file", default="mkdocs.yml")
    export.set_defaults(run=run_export)

    schema = commands.add_parser("schema", help="print the JSON Schema of a file format, for editors",
                                 description="Print a file format's JSON Schema (draft 2020-12).")
    schema.add_argument("name", choices=NAMES)
    schema.set_defaults(run=run_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``cop-site`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)  # exits 2 on a usage error, as argparse does
    try:
        return args.run(args)
    except BrokenPipeError:  # `cop-site check | head`
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
