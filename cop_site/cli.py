"""The ``cop-site`` command line: check, scaffold (new, init), write CODEOWNERS, export, finish, build, list authors,
digest, demo, print schemas."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Sequence

from .docs import check_docs
from .page_guard import check_site
from .loading import Layout
from .model import (LEVELS, MEMBER_STATUSES, PRACTICE_LEVELS, PRACTICE_STATUSES, Community, Problem, count_line,
                    one_line, plural, title_from_id)
from .schemas import NAMES, schema_text
from .settings import read_layout, read_settings
from .validation import check_repository, sort_problems

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
CONFIG_FILE_HELP = "the MkDocs config with the plugin's options, relative to the repository (default: mkdocs.yml)"


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
    counts = count_line(len(community.members), len(community.practices), len(community.domains),
                        len(community.terms))
    return f"cop-site: {plural(errors, 'error')}, {plural(warnings, 'warning')} ({counts})"


def run_check(args: argparse.Namespace) -> int:
    layout = _repository(args.path, args.config_file)
    if layout is None:
        return EXIT_USAGE
    from .baseline import find_base

    root = Path(args.path)
    base, note = find_base(root, args.base)
    if base is None and args.base is not None:
        print(f"cop-site: error: {note}", file=sys.stderr)
        return EXIT_USAGE
    if note and os.environ.get("GITHUB_BASE_REF"):  # in a pull request, the comparison should never be missing
        print(f"cop-site: note: {note}", file=sys.stderr)
    community, problems = check_repository(root, read_settings(root, args.config_file), base)
    docs = check_docs(root, community, args.config_file)
    pages = [(page, docs.source(page)) for page in docs.pages]
    problems = sort_problems(problems + docs.problems + check_site(root, community, pages, args.config_file))
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
    from .engines.export import export_site

    root = Path(args.path)
    if not (root / args.config_file).is_file():
        print(f"cop-site: error: no {args.config_file} in {root}", file=sys.stderr)
        return EXIT_USAGE
    problems = export_site(root, Path(args.out), args.config_file).problems
    errors = sum(p.severity == "error" for p in problems)
    print(f"cop-site: exported to {args.out} ({errors} content error{'s' if errors != 1 else ''}; "
          "`cop-site check` lists them); build it, then run `cop-site finish` on the site before publishing it")
    return EXIT_OK


def run_digest(args: argparse.Namespace) -> int:
    from datetime import date, timedelta

    from .digest import Period, gather_digest, render_digest
    from .history import DEFAULT_BOTS, start_history
    from .loading import load_community
    from .pages import build_day
    from .settings import plugin_options, read_config
    from .signals import settings_from

    layout = _repository(args.path, args.config_file)
    if layout is None:
        return EXIT_USAGE
    try:
        until = date.fromisoformat(args.until) if args.until else build_day()
        since = date.fromisoformat(args.since) if args.since else until - timedelta(days=args.days)
    except ValueError as error:
        print(f"cop-site: error: {error}; write dates as YYYY-MM-DD", file=sys.stderr)
        return EXIT_USAGE
    if since >= until:
        print(f"cop-site: error: --since {since} is not before --until {until}", file=sys.stderr)
        return EXIT_USAGE
    root = Path(args.path)
    config, options = read_config(root, args.config_file), plugin_options(root, args.config_file)
    docs_dir = str(config.get("docs_dir") or "docs")
    log = start_history(root, dict.fromkeys((layout.members_dir, layout.practices_dir, docs_dir)))
    community, _problems = load_community(root, layout)
    history = log.read(community.members, options.get("bots") or DEFAULT_BOTS)
    if history.note:
        print(f"cop-site: note: {one_line(history.note)}", file=sys.stderr)
    digest = gather_digest(community, history, Period(since, until), site_url=str(config.get("site_url") or ""),
                           site_name=str(config.get("site_name") or ""), practices_dir=layout.practices_dir,
                           review_every=int(options.get("review_every") or 180),
                           settings=settings_from(options.get("participation")))
    if not (args.if_any and digest.empty):
        sys.stdout.write(render_digest(digest, args.format))
    return EXIT_OK


def run_demo(args: argparse.Namespace) -> int:
    import subprocess
    import tempfile

    from .replay import ReplayError, replay

    source = Path(__file__).resolve().parent.parent
    script = source / "example-history.yml"
    if not script.is_file():
        print("cop-site: error: the example community comes with a checkout of cop-site, not with an installed "
              "package: git clone the repository, `pip install -e .` there, and run `cop-site demo` again",
              file=sys.stderr)
        return EXIT_USAGE
    out = Path(args.out) if args.out else Path(tempfile.gettempdir()) / "cop-site-demo"
    try:
        made = replay(source, script, out)
    except ReplayError as error:
        print(f"cop-site: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    print(f"cop-site: wrote the example community to {out} with {made.commits} commits of its own history")
    # The site is built as of the last commit, as the publishing workflow does, so it shows the same every day.
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(int(made.last.timestamp()))}
    if args.build:
        command = ["build", "-d", str(Path(args.build).resolve())]
    else:
        command = ["serve", "--dev-addr", args.dev_addr]
    return subprocess.call([sys.executable, "-m", "mkdocs", *command, "-f", str(out / "mkdocs.yml")], env=env)


def run_authors(args: argparse.Namespace) -> int:
    from .history import DEFAULT_BOTS, read_history
    from .settings import plugin_options, read_config

    loaded = _community(args)
    if loaded is None:
        return EXIT_USAGE
    root, layout, community = loaded
    docs_dir = read_config(root, args.config_file).get("docs_dir")
    folders = [layout.members_dir, layout.practices_dir, docs_dir if isinstance(docs_dir, str) else "docs"]
    history = read_history(root, dict.fromkeys(folders), community.members,
                           plugin_options(root, args.config_file).get("bots") or DEFAULT_BOTS)
    if history.note:
        print(f"cop-site: note: {one_line(history.note)}", file=sys.stderr)
    rows = sorted(((name, email, member, n) for (name, email, member), n in history.identities.items()
                   if not (args.unmatched and member)), key=lambda r: (-r[3], r[0].casefold(), r[1]))
    if args.format == "json":
        json.dump([{"name": name, "email": email, "commits": n, "member": member or None}
                   for name, email, member, n in rows], sys.stdout, indent=2)
        print()
        return EXIT_OK
    for name, email, member, n in rows:
        print(one_line(f"{n:>6}  {name} <{email}>  {member or '(not a member)'}"))
    return EXIT_OK


def run_finish(args: argparse.Namespace) -> int:
    from .engines.finish import FinishError, finish_site

    site = Path(args.site)
    if not site.is_dir():
        print(f"cop-site: error: {site} is not a folder", file=sys.stderr)
        return EXIT_USAGE
    try:
        finished = finish_site(site, parallel=args.parallel)
    except FinishError as error:
        print(f"cop-site: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    _report_finished(finished, site)
    return EXIT_PROBLEMS if finished.problems else EXIT_OK


def _report_finished(finished, site: Path) -> None:
    for problem in finished.problems:
        print(problem)
    index = f"; {' and '.join(finished.indexes)} sanitized" if finished.indexes else ""
    if finished.searched:
        index += f"; {finished.searched:,} pages in the search index"
    print(f"cop-site: finished {finished.pages:,} pages in {site} ({finished.linked:,} with glossary links{index}) "
          f"in {finished.seconds:.1f} s{' on ' + str(os.cpu_count()) + ' cores' if finished.parallel else ''}")
    if finished.problems:
        print(f"cop-site: {len(finished.problems)} page(s) could not be finished; do not publish {site}",
              file=sys.stderr)


def run_build(args: argparse.Namespace) -> int:
    from .engines.build import BuildError, build

    try:
        built = build(Path(args.path), args.engine, Path(args.site_dir) if args.site_dir else None,
                      config_file=args.config_file, strict=args.strict, via_export=args.via_export)
    except BuildError as error:
        print(f"cop-site: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    if built.path == "plugin":  # the plugin printed its problems and its summary in the engine's log
        print(f"cop-site: built with {args.engine} and the cop-site plugin in {built.seconds['engine']:.1f} s")
        return EXIT_OK if built.status == 0 else EXIT_PROBLEMS
    for problem in sorted(built.problems, key=lambda p: (p.path, p.line, p.column)):
        print(problem)
    if built.status != 0:
        print(f"cop-site: error: {args.engine} stopped with exit status {built.status}; nothing was published",
              file=sys.stderr)
        return EXIT_PROBLEMS
    if built.finished is not None:
        _report_finished(built.finished, Path(args.site_dir or "site"))
    print(f"cop-site: {built.summary}")
    steps = ", ".join(f"{step} {seconds:.1f} s" for step, seconds in built.seconds.items())
    print(f"cop-site: built with {args.engine} in {sum(built.seconds.values()):.1f} s ({steps})")
    errors = sum(p.severity == "error" for p in built.problems)
    return EXIT_PROBLEMS if (built.finished and built.finished.problems) or (args.strict and errors) else EXIT_OK


def run_schema(args: argparse.Namespace) -> int:
    sys.stdout.write(schema_text(args.name))
    return EXIT_OK


def _repository(path: str, config_file: str) -> Layout | None:
    """The layout of the CoP repository at ``path``, or None after printing why it is not one."""
    root = Path(path)
    if not root.is_dir():
        print(f"cop-site: error: {root} is not a folder", file=sys.stderr)
        return None
    layout = read_layout(root, config_file)
    if not (root / layout.members_dir).is_dir() and not (root / layout.practices_dir).is_dir():
        print(f"cop-site: error: {root} has neither {layout.members_dir}/ nor {layout.practices_dir}/; "
              "is it a CoP repository? (`cop-site init DIR` makes one)", file=sys.stderr)
        return None
    return layout


def _community(args: argparse.Namespace) -> tuple[Path, Layout, Community] | None:
    """(root, layout, community, read without checks) of the repository ``args`` name, or None if it is not one."""
    from .loading import load_community

    layout = _repository(args.path, args.config_file)
    if layout is None:
        return None
    root = Path(args.path)
    return root, layout, load_community(root, layout)[0]


def run_codeowners(args: argparse.Namespace) -> int:
    from .codeowners import CODEOWNERS, check_codeowners, generate_codeowners, site_maintainers

    loaded = _community(args)
    if loaded is None:
        return EXIT_USAGE
    root, _layout, community = loaded
    settings = read_settings(root, args.config_file)
    generated = generate_codeowners(community, site_maintainers(root, settings))
    for note in generated.notes if not args.check else ():
        print(f"cop-site: note: {note}", file=sys.stderr)
    if args.stdout:
        sys.stdout.write(generated.text)
        return EXIT_OK
    if args.check:
        problems = check_codeowners(root, community, settings)
        if not (root / CODEOWNERS).is_file():
            print(f"cop-site: {CODEOWNERS} does not exist; `cop-site codeowners` writes it", file=sys.stderr)
            return EXIT_PROBLEMS
        for problem in problems:
            print(problem)
        return EXIT_PROBLEMS if problems else EXIT_OK
    path = root / CODEOWNERS
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write(generated.text)
    rules = sum(1 for line in generated.text.splitlines() if line and not line.startswith("#"))
    print(f"cop-site: wrote {CODEOWNERS} ({rules} rule{'s' if rules != 1 else ''})")
    return EXIT_OK


# --- Scaffolding ---------------------------------------------------------------------------------------------

def _interactive() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):  # closed or replaced stdin
        return False


def _ask(question: str, default: str = "", required: bool = False) -> str:
    """One answer read from the terminal; the default when left empty; asked again while a required one is."""
    for _ in range(3):
        sys.stderr.write(f"{question}{f' [{default}]' if default else ''}: ")
        sys.stderr.flush()
        answer = sys.stdin.readline()
        if not answer:  # end of input
            break
        answer = answer.strip() or default
        if answer or not required:
            return answer
    return default


def _words(values: Sequence[str] | None) -> list[str]:
    """Repeated flags and comma-separated values, as one list."""
    return [part.strip() for value in values or () for part in value.split(",") if part.strip()]


def _pairs(values: Sequence[str] | None, flag: str, example: str) -> list[tuple[str, str]]:
    pairs = []
    for value in _words(values) if flag == "--expertise" else list(values or ()):
        key, equals, item = value.partition("=")
        if not equals or not key.strip() or not item.strip():
            raise ValueError(f"{flag} '{value}' must be written {example}")
        pairs.append((key.strip(), item.strip()))
    return pairs


_PROMPTS = {
    # kind: (attribute, question, required, is a list)
    "member": [("name", "Name, as you would like it shown", True, False),
               ("role", "Role (what you do, in a few words)", False, False),
               ("github", "GitHub user name (you are asked to review what you steward)", False, False),
               ("email", "Email, if you want it on your profile", False, False),
               ("expertise", "Expertise, as domain=learning|practitioner|expert, comma-separated", False, True),
               ("topics", "Topics people can ask you about, comma-separated", False, True)],
    "practice": [("title", "Title", True, False),
                 ("summary", "Summary: one sentence on what it is for", True, False),
                 ("stewards", "Stewards: member ids, comma-separated", True, True),
                 ("level", "Written for: newcomer, practitioner or expert", False, False)],
    "domain": [("title", "Title", True, False),
               ("summary", "Summary: one sentence on what its practices are about", True, False),
               ("stewards", "Stewards: member ids, comma-separated", False, True)],
    "term": [("definition", "Definition: one or two sentences", True, False),
             ("aliases", "Other spellings, comma-separated", False, True),
             ("see", "Practices that explain it, comma-separated", False, True)],
    "init": [("site_name", "Name of the community's site", True, False),
             ("name", "Your name (the first member and steward)", True, False),
             ("github", "Your GitHub user name", False, False),
             ("repo", "The GitHub repository, as OWNER/NAME (sets the site's address)", False, False)],
}


def _defaults(args: argparse.Namespace) -> dict[str, str]:
    """What a prompt offers when the answer is left empty."""
    ident = getattr(args, "id", "") or ""
    title = title_from_id(ident.rpartition("/")[2])
    return {"name": " ".join(w.capitalize() for w in ident.split("-")), "title": title,
            "site_name": "Our Community of Practice"}


def _complete(kind: str, args: argparse.Namespace) -> None:
    """Ask in the terminal for what the flags did not give; never asks when stdin is not a terminal."""
    if not _interactive():
        return
    defaults = _defaults(args)
    for attribute, question, required, is_list in _PROMPTS[kind]:
        if getattr(args, attribute, None):
            continue
        answer = _ask(question, defaults.get(attribute, ""), required)
        setattr(args, attribute, [answer] if is_list and answer else (answer or None))


def _member_values(args: argparse.Namespace) -> dict:
    return {"name": args.name, "role": args.role, "pronouns": args.pronouns, "organization": args.organization,
            "location": args.location, "timezone": args.timezone, "joined": args.joined, "status": args.status,
            "bio": args.bio, "expertise": dict(_pairs(args.expertise, "--expertise", "DOMAIN=LEVEL, such as "
                                                      "facilitation=expert")),
            "topics": _words(args.topics), "learning": _words(args.learning), "mentor": args.mentor,
            "contact": {"email": args.email, "chat": args.chat, "github": args.github, "gitlab": args.gitlab,
                        "mastodon": args.mastodon, "website": args.website},
            "links": _pairs(args.links, "--link", "LABEL=URL, such as 'Blog=https://example.org'"),
            "aliases": list(args.aliases or ())}


def run_new(args: argparse.Namespace) -> int:
    from .scaffold import ScaffoldError, new_domain, new_member, new_practice, new_term

    layout = _repository(args.path, args.config_file)
    if layout is None:
        return EXIT_USAGE
    _complete(args.kind, args)
    root = Path(args.path)
    try:
        if args.kind == "member":
            if not args.name:
                raise ScaffoldError("a member needs a name: give --name, or run this in a terminal to be asked")
            written = new_member(root, args.id, _member_values(args), layout)
        elif args.kind == "practice":
            written = new_practice(root, args.id, {
                "title": args.title, "summary": args.summary, "stewards": _words(args.stewards),
                "domains": _words(args.domains), "status": args.status, "level": args.level,
                "tags": _words(args.tags), "related": _words(args.related), "review_every": args.review_every,
                "reviewed": args.reviewed}, layout)
        elif args.kind == "domain":
            written = new_domain(root, args.id, {"title": args.title, "summary": args.summary,
                                                 "stewards": _words(args.stewards)}, layout)
        else:
            written = new_term(root, args.id, args.term, {"definition": args.definition,
                                                          "aliases": _words(args.aliases),
                                                          "see": _words(args.see)}, layout)
    except (ScaffoldError, ValueError) as error:
        print(f"cop-site: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    for path in written.paths:
        print(f"cop-site: wrote {path}")
    for problem in written.warnings:
        print(problem)
    return EXIT_OK


def run_init(args: argparse.Namespace) -> int:
    from .provenance import Requirement, check_requirement, installed_requirement
    from .scaffold import InitOptions, ScaffoldError, init_repository

    try:  # before any question is asked
        args.requirement = check_requirement(args.requirement) if args.requirement else None
    except ValueError as error:
        print(f"cop-site: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    _complete("init", args)
    target = Path(args.dir)
    if target.exists() and not target.is_dir():
        print(f"cop-site: error: {target} is a file, not a folder", file=sys.stderr)
        return EXIT_USAGE
    given = {"site_name": args.site_name, "repo": args.repo, "member_id": args.member, "member_name": args.name,
             "github": args.github, "email": args.email, "domain_id": args.domain, "domain_title": args.domain_title,
             "requirement": args.requirement}
    try:
        written = init_repository(target, InitOptions(**{k: v for k, v in given.items() if v}))
    except ScaffoldError as error:
        print(f"cop-site: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    for problem in written.warnings:
        print(problem)
    requirement = Requirement(args.requirement) if args.requirement else installed_requirement()
    installs = (f"  requirements.txt installs '{requirement.line}' in the workflows; "
                + (requirement.note if requirement.note else "Dependabot proposes its updates"))
    print(f"cop-site: created a community of practice in {target} ({len(written.paths)} files). Next:\n"
          f"  cd {target} && git init -b main && git add . && git commit -m \"A new community of practice\"\n"
          "  mkdocs serve                # preview at http://127.0.0.1:8000\n"
          f"{installs}\n"
          "  push it to GitHub, then set Settings > Pages > Source to \"GitHub Actions\"; README.md says more")
    return EXIT_OK


def _add_new_parsers(commands) -> None:
    new = commands.add_parser("new", help="write a new member, practice, domain or glossary term",
                              description="Write a valid, commented file to complete. Flags give its fields; in a "
                                          "terminal, what they leave out is asked for. Never overwrites a file "
                                          "(exit 2).")
    kinds = new.add_subparsers(dest="kind", required=True, metavar="KIND")

    def kind(name: str, id_help: str, help_text: str) -> argparse.ArgumentParser:
        parser = kinds.add_parser(name, help=help_text, description=help_text)
        metavar, _, text = id_help.partition(": ")
        parser.add_argument("id", metavar=metavar, help=text)
        parser.add_argument("--path", default=".", help="the repository's root (default: .)")
        parser.add_argument("--config-file", default="mkdocs.yml", help=CONFIG_FILE_HELP)
        parser.set_defaults(run=run_new)
        return parser

    member = kind("member", "ID: the member's id, a lowercase slug such as ada-okafor",
                  "write members/<id>.yml, a member profile")
    member.add_argument("--name", help="full name (required; asked for in a terminal)")
    for flag, text in (("role", "what the member does"), ("pronouns", "such as she/her"),
                       ("organization", "where the member works"), ("location", "a city or a region"),
                       ("timezone", "an IANA time zone such as Europe/Berlin"),
                       ("joined", "YYYY-MM-DD"), ("bio", "a short Markdown paragraph"),
                       ("email", "shown on the profile"), ("chat", "a chat handle, such as @ada"),
                       ("github", "GitHub user name: asked to review what the member stewards"),
                       ("gitlab", "GitLab user name"), ("mastodon", "a Mastodon handle, such as @ada@example.social"),
                       ("website", "https: address")):
        member.add_argument(f"--{flag}", help=text)
    member.add_argument("--status", choices=MEMBER_STATUSES, help="alumni keep their page but steward nothing "
                                                                   "(default: active)")
    member.add_argument("--expertise", action="append", metavar="DOMAIN=LEVEL",
                        help=f"a domain and a level ({', '.join(LEVELS)}); repeat, or separate with commas")
    member.add_argument("--topic", dest="topics", action="append", metavar="TOPIC", help="ask me about; repeatable")
    member.add_argument("--learning", action="append", metavar="TOPIC", help="what the member wants to learn")
    member.add_argument("--mentor", action=argparse.BooleanOptionalAction, help="open to mentoring newcomers")
    member.add_argument("--link", dest="links", action="append", metavar="LABEL=URL",
                        help="a link on the profile (https: or mailto:); repeatable")
    member.add_argument("--alias", dest="aliases", action="append", metavar="NAME",
                        help="another name or email the member commits as; repeatable")

    practice = kind("practice", "DOMAIN/ID: the practice's domain (an existing folder) and id",
                    "write practices/<domain>/<id>.md, a practice with front matter and an outline")
    practice.add_argument("--title", help="default: the id in words ('lean-coffee' is 'Lean coffee')")
    practice.add_argument("--summary", help="one sentence on what it is for (required)")
    practice.add_argument("--steward", dest="stewards", action="append", metavar="MEMBER",
                          help="a member id (at least one); repeatable")
    practice.add_argument("--domain", dest="domains", action="append", metavar="DOMAIN", help="an extra domain")
    practice.add_argument("--status", choices=PRACTICE_STATUSES, help="default: draft")
    practice.add_argument("--level", choices=PRACTICE_LEVELS, help="who it is written for")
    practice.add_argument("--tag", dest="tags", action="append", metavar="TAG",
                          help="a word readers can filter by; repeatable")
    practice.add_argument("--related", action="append", metavar="PRACTICE", help="<domain>/<id> or <id>")
    practice.add_argument("--review-every", type=int, metavar="DAYS",
                          help="days until it is due for review (default: the site's review_every, 180)")
    practice.add_argument("--reviewed", metavar="YYYY-MM-DD", help="when it was last reviewed")

    domain = kind("domain", "ID: the domain's id, which names its folder", "write practices/<id>/domain.yml")
    domain.add_argument("--title", help="default: the id in words ('knowledge-sharing' is 'Knowledge sharing')")
    domain.add_argument("--summary", help="one sentence on what its practices are about (required)")
    domain.add_argument("--steward", dest="stewards", action="append", metavar="MEMBER",
                        help="a member id; repeatable")

    term = kind("term", "DOMAIN: the domain whose glossary gets the term",
                "append a term to practices/<domain>/glossary.yml")
    term.add_argument("term", help="the term, such as \"Lean coffee\"")
    term.add_argument("--definition", help="one or two sentences of inline Markdown (required)")
    term.add_argument("--alias", dest="aliases", action="append", metavar="WORDS",
                      help="another spelling that links to the same entry; repeatable")
    term.add_argument("--see", action="append", metavar="PRACTICE", help="a practice that explains it")

    init = commands.add_parser("init", help="create a new CoP repository that builds and deploys as it is",
                               description="Create a CoP repository: mkdocs.yml, hand-written pages, a first "
                                           "member, domain and practice, GitHub workflows and a README. Never "
                                           "overwrites a file (exit 2).")
    init.add_argument("dir", help="the folder to create (or an empty one)")
    init.add_argument("--site-name", help="the site's title (default: Our Community of Practice)")
    init.add_argument("--repo", metavar="OWNER/NAME", help="its GitHub repository: sets site_url and repo_url")
    init.add_argument("--name", help="the first member's name (default: First Steward)")
    init.add_argument("--member", metavar="ID", help="the first member's id (default: from the name)")
    init.add_argument("--github", help="the first member's GitHub user name")
    init.add_argument("--email", help="the first member's email, shown on the site")
    init.add_argument("--domain", metavar="ID", help="the first domain's id (default: ways-of-working)")
    init.add_argument("--domain-title", help="the first domain's title (default: the id in words)")
    init.add_argument("--requirement", metavar="SPEC",
                      help="the line of requirements.txt that installs cop-site in CI, such as 'cop-site==1.2.0' "
                           "(default: this cop-site, as it was installed)")
    init.set_defaults(run=run_init)

    codeowners = commands.add_parser("codeowners", help="write .github/CODEOWNERS from the stewards",
                                     description="Write .github/CODEOWNERS: the site's own files (mkdocs.yml, "
                                                 "theme, workflows, .mailmap, hand-written pages) to the "
                                                 "`maintainers:` of mkdocs.yml, practices to their stewards, domain "
                                                 "folders to the domain's stewards, profiles to their members.")
    codeowners.add_argument("path", nargs="?", default=".", help="the repository's root (default: .)")
    codeowners.add_argument("--stdout", action="store_true", help="print it instead of writing it")
    codeowners.add_argument("--check", action="store_true", help="exit 1 if the committed file is out of date")
    codeowners.add_argument("--config-file", default="mkdocs.yml", help=CONFIG_FILE_HELP)
    codeowners.set_defaults(run=run_codeowners)


def build_parser() -> argparse.ArgumentParser:
    from . import __version__  # from the package's metadata: read only when the command line is built

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
    check.add_argument("--config-file", default="mkdocs.yml", help=CONFIG_FILE_HELP)
    check.add_argument("--base", metavar="REV",
                       help="say what the working tree changes against this commit's merge-base with HEAD (credit "
                            "a changed .mailmap moves); default: the pull request's base branch on GitHub, else the "
                            "default branch, else HEAD")
    check.set_defaults(run=run_check)

    export = commands.add_parser("export", help="write the site as a plain MkDocs project",
                                 description="Write hand-written and generated pages as a plain MkDocs project "
                                             "that builds without the cop-site plugin.")
    export.add_argument("out", help="the folder to write")
    export.add_argument("path", nargs="?", default=".", help="the repository's root (default: .)")
    export.add_argument("--config-file", default="mkdocs.yml", help=CONFIG_FILE_HELP)
    export.set_defaults(run=run_export)

    authors = commands.add_parser("authors", help="list the git authors of the content, with their e-mail addresses",
                                  description="List every git author of members/, practices/ and docs_dir (bots "
                                              "left out): commits, name, e-mail address and the member matched. "
                                              "For maintainers: the site never publishes these addresses, so do not "
                                              "print them in the logs of a public CI.")
    authors.add_argument("path", nargs="?", default=".", help="the repository's root (default: .)")
    authors.add_argument("--unmatched", action="store_true", help="only authors who match no member")
    authors.add_argument("--format", choices=("text", "json"), default="text",
                         help="a line per author, or a JSON list (default: text)")
    authors.add_argument("--config-file", default="mkdocs.yml", help=CONFIG_FILE_HELP)
    authors.set_defaults(run=run_authors)

    digest = commands.add_parser("digest", help="what happened in a period, for a chat post, a Discussion or an e-mail",
                                 description="Print what happened in a period: new and updated practices, reviews "
                                             "done and due, members who joined or left, first contributions, and "
                                             "domains that need help. The same sources and period give the same "
                                             "output.")
    digest.add_argument("path", nargs="?", default=".", help="the repository's root (default: .)")
    digest.add_argument("--days", type=int, default=7, help="the period: this many days up to --until (default: 7)")
    digest.add_argument("--since", metavar="YYYY-MM-DD", help="the period starts after this day (instead of --days)")
    digest.add_argument("--until", metavar="YYYY-MM-DD",
                        help="the period's last day (default: today, or SOURCE_DATE_EPOCH's day when set)")
    digest.add_argument("--format", choices=("markdown", "html", "json"), default="markdown",
                        help="Markdown for a chat post or a Discussion, HTML for an e-mail, or JSON (default: markdown)")
    digest.add_argument("--if-any", action="store_true",
                        help="print nothing when nothing happened in the period (for a workflow that posts it)")
    digest.add_argument("--config-file", default="mkdocs.yml", help=CONFIG_FILE_HELP)
    digest.set_defaults(run=run_digest)

    demo = commands.add_parser("demo", help="serve the example community, with a history of its own",
                               description="Write the example community of a cop-site checkout into a new git "
                                           "repository with its scripted history (example-history.yml), then "
                                           "serve or build its site as of its last commit.")
    demo.add_argument("--out", metavar="DIR", help="where to write it (default: cop-site-demo in the temp folder; "
                                                   "replaced each time)")
    demo.add_argument("--build", metavar="SITE_DIR", help="build the site into SITE_DIR instead of serving it")
    demo.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="IP:PORT",
                      help="where to serve it (default: 127.0.0.1:8000)")
    demo.set_defaults(run=run_demo)

    finish = commands.add_parser("finish", help="finish a site an engine built from `cop-site export`",
                                 description="Link glossary terms, sanitize page bodies and the search index, and "
                                             "escape titles in a site built from `cop-site export` (by Zensical, "
                                             "MkDocs or ProperDocs), in place. Exit 1: a page could not be finished "
                                             "(do not publish); 2: not an unfinished export (finished already?).")
    finish.add_argument("site", help="the built site's folder")
    finish.add_argument("--parallel", action=argparse.BooleanOptionalAction, default=False,
                        help="finish pages in a process per core (off by default: finishing is mostly writing "
                             "files, and on the 2-core machine it was measured on, the pool made it slower)")
    finish.set_defaults(run=run_finish)

    build = commands.add_parser("build", help="build the site with MkDocs, ProperDocs or Zensical, finished",
                                description="Build the site with a site engine. mkdocs and properdocs run the "
                                            "cop-site plugin (finished as it is built); zensical builds an export "
                                            "in a work folder, which is then finished and moved to the site "
                                            "folder. Exit 1: content errors with --strict, or the engine failed; "
                                            "2: usage error (such as an engine that is not installed).")
    build.add_argument("path", nargs="?", default=".", help="the repository's root (default: .)")
    build.add_argument("--engine", choices=("mkdocs", "properdocs", "zensical"), default="mkdocs",
                       help="the site engine (default: mkdocs); properdocs and zensical are extras: "
                            "pip install \"cop-site[zensical]\"")
    build.add_argument("-d", "--site-dir", metavar="SITE", help="where to write the site (default: mkdocs.yml's "
                                                                "site_dir, or site/ in the repository)")
    build.add_argument("--strict", action="store_true", help="fail on content errors and the engine's warnings")
    build.add_argument("--via-export", action="store_true",
                       help="with mkdocs or properdocs: export, build the export, finish (as for zensical)")
    build.add_argument("--config-file", default="mkdocs.yml", help=CONFIG_FILE_HELP)
    build.set_defaults(run=run_build)

    _add_new_parsers(commands)

    schema = commands.add_parser("schema", help="print the JSON Schema of a file format, for editors",
                                 description="Print a file format's JSON Schema (draft 2020-12).")
    schema.add_argument("name", choices=NAMES, help="the file format")
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
