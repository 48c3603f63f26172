"""Scaffolding: new members, practices, domains and terms as valid, commented files, and whole new CoP repositories."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from jinja2 import Environment, PackageLoader, StrictUndefined

from .codeowners import CODEOWNERS, generate_codeowners, site_maintainers
from .loading import SLUG, Layout, close_matches, load_community
from .markup import escape_inline
from .model import Problem, name_key, slugify, title_from_id
from .provenance import check_requirement, installed_requirement
from .settings import read_config, read_layout, read_settings
from .validation import load_and_check

GITHUB_FILES = {
    "github/workflows/check.yml": ".github/workflows/check.yml",
    "github/workflows/publish.yml": ".github/workflows/publish.yml",
    "github/workflows/digest.yml": ".github/workflows/digest.yml",
    "github/dependabot.yml": ".github/dependabot.yml",
    "github/pull_request_template.md": ".github/pull_request_template.md",
}
"""Templates shared by every CoP repository, this project's own included -> where they are written."""

INIT_FILES = {
    "init/mkdocs.yml": "mkdocs.yml",
    "init/README.md": "README.md",
    "init/requirements.txt": "requirements.txt",
    "init/gitignore": ".gitignore",
    "init/content/index.md": "content/index.md",
    "init/content/contributing.md": "content/contributing.md",
    "init/theme/partials/comments.html": "theme/partials/comments.html",
}
"""Templates of a new repository -> where they are written (package data holds no dot-files, so names differ)."""

COMMENTS_PARTIAL = "init/theme/partials/comments.html"
"""The giscus partial: written by `cop-site init`; this project's own theme/ holds the same file."""


class ScaffoldError(Exception):
    """A file that cannot be written as asked; the message says why and what to do instead."""


@dataclass(frozen=True)
class Written:
    """What a scaffolding command wrote, and the warnings `cop-site check` has about it (never errors)."""

    paths: tuple[str, ...]
    warnings: tuple[Problem, ...] = ()


# --- YAML values ---------------------------------------------------------------------------------------------

_PLAIN = re.compile(r"[^\W\d_][\w .'/+()@-]*\Z")
_RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}
_COMMENT_COLUMN = 33
_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
"""Characters YAML reads as line breaks or refuses even in quotes (JSON leaves them as they are)."""


def yaml_value(value: object) -> str:
    """A value as one line of YAML that reads back as exactly that value, quoted only where it must be."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{key}: {yaml_value(item)}" for key, item in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(yaml_value(item) for item in value) + "]"
    text = str(value)
    if _PLAIN.match(text) and not text.endswith(" ") and text.casefold() not in _RESERVED:
        return text
    # A JSON string is a YAML double-quoted scalar, once the characters YAML folds or refuses are escaped too.
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


def _given(value: object) -> bool:
    return value is not None and value != "" and value != [] and value != () and value != {}


def _note(line: str, note: str) -> str:
    return f"{line.ljust(_COMMENT_COLUMN - 2)}  # {note}" if note else line


def field_line(key: str, value: object, example: object, note: str = "", indent: int = 0) -> str:
    """``key: value``, or the key commented out with an example when no value is given; then a short note."""
    if _given(value):
        return _note(f"{' ' * indent}{key}: {yaml_value(value)}", note)
    return _note(f"# {' ' * indent}{key}: {yaml_value(example)}", note)


def block_line(key: str, given: bool, note: str = "") -> str:
    """The opening line of a mapping; commented out when none of its entries is given."""
    return _note(f"{'' if given else '# '}{key}:", note)


def _env() -> Environment:
    # Square-bracket delimiters: the templates are YAML, Markdown and MkDocs theme templates, which use {{ }} and
    # {% %} themselves (and GitHub workflows use ${{ }}).
    env = Environment(loader=PackageLoader("cop_site", "templates/scaffold"), autoescape=False,
                      block_start_string="[%", block_end_string="%]", variable_start_string="[[",
                      variable_end_string="]]", comment_start_string="[#", comment_end_string="#]",
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(yaml=yaml_value, md=lambda text: str(escape_inline(text)))
    env.globals.update(field=field_line, block=block_line, given=_given)
    return env


_ENV = _env()


def render(template: str, **context: object) -> str:
    """One scaffold template, rendered."""
    return _ENV.get_template(template).render(**context)


# --- Files of an existing repository ------------------------------------------------------------------------

def _schema_ref(root: Path, relative: str, kind: str, site_url: str | None = None) -> str:
    """Where an editor finds the file's JSON Schema: this project's own copy, or the published site's; or ''."""
    if (root / "cop_site" / "schemas" / f"{kind}.schema.json").is_file():
        depth = len(Path(relative).parent.parts)
        return "../" * depth + f"cop_site/schemas/{kind}.schema.json"
    if site_url is None:
        site_url = read_config(root).get("site_url")
    if isinstance(site_url, str) and site_url.startswith("https://"):
        return site_url.rstrip("/") + f"/schemas/{kind}.schema.json"
    return ""


def name_to_id(name: str) -> str:
    """A member id from a name: 'Åsa Öberg' -> 'asa-oberg' (accents dropped, not the letters)."""
    return slugify(unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii"))


def _check_id(value: str, what: str) -> None:
    if not SLUG.match(value or ""):
        hint = f"; for example '{slugify(value)}'" if value else ""
        raise ScaffoldError(f"{what} '{value}' must be a lowercase slug of letters, digits and dashes{hint}")


def _domain_folder(root: Path, layout: Layout, domain_id: str) -> Path:
    folder = root / layout.practices_dir / domain_id
    if not folder.is_dir():
        base = root / layout.practices_dir
        known = [p.name for p in base.iterdir() if p.is_dir()] if base.is_dir() else []
        hint = close_matches(domain_id, known, "domains")
        raise ScaffoldError(f"there is no domain '{domain_id}' ({layout.practices_dir}/{domain_id}/){hint}; "
                            f"create it first with `cop-site new domain {domain_id}`")
    return folder


def _refuse_existing(root: Path, relative: str, *others: str) -> None:
    for name in (relative, *others):
        if (root / name).exists():
            raise ScaffoldError(f"{name} already exists; edit it, or choose another id (nothing was written)")


@dataclass(frozen=True)
class _Plan:
    """A file about to be written (or appended to)."""

    relative: str
    text: str
    append: bool = False


def _plan_member(root: Path, layout: Layout, member_id: str, values: Mapping[str, object],
                 site_url: str | None = None) -> _Plan:
    _check_id(member_id, "member id")
    relative = f"{layout.members_dir}/{member_id}.yml"
    _refuse_existing(root, relative, f"{layout.members_dir}/{member_id}.yaml")
    if not values.get("name"):
        raise ScaffoldError("a member needs a name (--name)")
    contact = {key: value for key, value in dict(values.get("contact") or {}).items() if value}
    links = [{"label": label, "url": url} for label, url in values.get("links") or ()]
    fields = ("name", "role", "pronouns", "organization", "location", "timezone", "joined", "status", "bio",
              "topics", "learning", "aliases", "mentor")
    v = {**{key: values.get(key) for key in fields}, "expertise": dict(values.get("expertise") or {}),
         "contact": contact, "links": links}
    return _Plan(relative, render("new/member.yml", v=v, schema=_schema_ref(root, relative, "member", site_url)))


def _plan_domain(root: Path, layout: Layout, domain_id: str, values: Mapping[str, object],
                 site_url: str | None = None) -> _Plan:
    _check_id(domain_id, "domain id")
    relative = f"{layout.practices_dir}/{domain_id}/domain.yml"
    _refuse_existing(root, relative)
    v = {"title": values.get("title") or title_from_id(domain_id), "summary": values.get("summary"),
         "stewards": list(values.get("stewards") or ())}
    if not v["summary"]:
        raise ScaffoldError("a domain needs a summary (--summary): one sentence on what its practices are about")
    return _Plan(relative, render("new/domain.yml", v=v, schema=_schema_ref(root, relative, "domain", site_url)))


def _plan_practice(root: Path, layout: Layout, key: str, values: Mapping[str, object], body: str = "",
                   domain_exists: bool = False) -> _Plan:
    domain_id, slash, practice_id = key.partition("/")
    if not slash:
        raise ScaffoldError(f"name the practice as <domain>/<id>, such as 'facilitation/{key or 'lean-coffee'}'")
    _check_id(domain_id, "domain id")
    _check_id(practice_id, "practice id")
    if not domain_exists:
        _domain_folder(root, layout, domain_id)
    relative = f"{layout.practices_dir}/{domain_id}/{practice_id}.md"
    _refuse_existing(root, relative)
    v = {"title": values.get("title") or title_from_id(practice_id), "summary": values.get("summary"),
         "stewards": list(values.get("stewards") or ()), "domains": list(values.get("domains") or ()),
         "status": values.get("status") or "draft", "level": values.get("level"), "tags": values.get("tags"),
         "related": values.get("related"), "review_every": values.get("review_every"),
         "reviewed": values.get("reviewed")}
    if not v["summary"]:
        raise ScaffoldError("a practice needs a summary (--summary): one sentence on what it is for")
    if not v["stewards"]:
        raise ScaffoldError("a practice needs at least one steward (--steward MEMBER-ID): who keeps it current")
    return _Plan(relative, render("new/practice.md", v=v, body=body))


def _plan_terms(root: Path, layout: Layout, domain_id: str, terms: list[tuple[str, Mapping[str, object]]],
                taken: Mapping[str, str], folder: Path | None = None, site_url: str | None = None) -> _Plan:
    _check_id(domain_id, "domain id")
    folder = folder or _domain_folder(root, layout, domain_id)
    existing = next((folder / name for name in ("glossary.yml", "glossary.yaml") if (folder / name).is_file()), None)
    relative = (existing or folder / "glossary.yml").relative_to(root).as_posix()
    taken = dict(taken)
    text = "" if existing else render("new/glossary.yml", schema=_schema_ref(root, relative, "glossary", site_url))
    for term, values in terms:
        term = " ".join((term or "").split())
        if not term:
            raise ScaffoldError("a term needs its words, such as `cop-site new term facilitation \"Lean coffee\"`")
        if not values.get("definition"):
            raise ScaffoldError("a term needs a definition (--definition): one or two sentences, inline Markdown")
        for name in (term, *(values.get("aliases") or ())):
            if name_key(name) in taken:
                raise ScaffoldError(f"'{name}' is already in {relative} (as '{taken[name_key(name)]}'); "
                                    "edit that entry instead (nothing was written)")
            taken[name_key(name)] = term
        text += render("new/term.yml", v={"term": term, "definition": values.get("definition"),
                                          "aliases": values.get("aliases"), "see": values.get("see")})
    return _Plan(relative, text, append=existing is not None)


def new_member(root: Path, member_id: str, values: Mapping[str, object], layout: Layout | None = None) -> Written:
    """Write ``members/<id>.yml`` from ``values`` (the profile's fields; ``contact`` a mapping, ``links`` pairs)."""
    layout = layout or read_layout(Path(root))
    return _write_checked(Path(root), layout, _plan_member(Path(root), layout, member_id, values))


def new_domain(root: Path, domain_id: str, values: Mapping[str, object], layout: Layout | None = None) -> Written:
    """Write ``practices/<id>/domain.yml``: title, summary and stewards."""
    layout = layout or read_layout(Path(root))
    return _write_checked(Path(root), layout, _plan_domain(Path(root), layout, domain_id, values))


def new_practice(root: Path, key: str, values: Mapping[str, object], layout: Layout | None = None) -> Written:
    """Write ``practices/<domain>/<id>.md`` (``key`` is ``<domain>/<id>``): front matter and a body to fill in."""
    layout = layout or read_layout(Path(root))
    return _write_checked(Path(root), layout, _plan_practice(Path(root), layout, key, values))


def new_term(root: Path, domain_id: str, term: str, values: Mapping[str, object], layout: Layout | None = None
             ) -> Written:
    """Append a term to ``practices/<domain>/glossary.yml``, creating the glossary if the domain has none."""
    root = Path(root)
    layout = layout or read_layout(root)
    _check_id(domain_id, "domain id")
    folder = _domain_folder(root, layout, domain_id)
    community, _ = load_community(root, layout)  # the names taken; _write_checked runs the checks
    taken = {name_key(name): t.term for t in community.terms if t.domain == domain_id for name in (t.term, *t.aliases)}
    return _write_checked(root, layout, _plan_terms(root, layout, domain_id, [(term, values)], taken, folder))


def _write_checked(root: Path, layout: Layout, plan: _Plan) -> Written:
    """Write (or append to) a file, then run every check; undo the write if it brought any error."""
    path = root / plan.relative
    text = plan.text
    before = path.read_bytes() if plan.append else None
    first_line = 1
    if before:
        if not before.endswith(b"\n"):
            text = "\n" + text
        first_line = before.count(b"\n") + (1 if before.endswith(b"\n") else 2)
    created = [p for p in reversed(path.parents) if not p.exists()]
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a" if plan.append else "x", encoding="utf-8", newline="\n") as out:
        out.write(text)
    _, problems = load_and_check(root, layout)
    mine = [p for p in problems if (p.path == plan.relative and p.line >= first_line) or p.path == CODEOWNERS]
    errors = [p for p in mine if p.severity == "error"]
    if errors:
        if before is not None:
            path.write_bytes(before)
        else:
            path.unlink()
            for folder in reversed(created):
                folder.rmdir()
        raise ScaffoldError(f"nothing was written: {plan.relative} would not pass `cop-site check`:\n"
                            + "\n".join(f"  {p}" for p in errors))
    return Written((plan.relative,), tuple(p for p in mine if p.severity == "warning"))


# --- A new repository ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class InitOptions:
    """What `cop-site init` asks: the site, its first member, and its first domain."""

    site_name: str = "Our Community of Practice"
    repo: str = ""
    """``owner/name`` on GitHub: sets the site's URL on GitHub Pages and its "edit this page" links."""
    member_id: str = ""
    """Default: the member's name as a slug."""
    member_name: str = "First Steward"
    github: str = ""
    email: str = ""
    domain_id: str = "ways-of-working"
    domain_title: str = ""
    """Default: the id in words ('Ways of working')."""
    domain_summary: str = ""
    requirement: str = ""
    """The line of requirements.txt that installs cop-site in the workflows. Default: the cop-site that is running,
    as it was installed (``provenance.installed_requirement``)."""


_REPO = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?/[A-Za-z0-9._-]+\Z")
FIRST_PRACTICE = "writing-a-practice"


def github_files(install: str, tests: str = "", python: str = "3.12") -> dict[str, str]:
    """The ``.github/`` files of a CoP repository: workflows, Dependabot, pull request template.

    Args:
        install: the shell command that installs cop-site (and the tests' needs) in the workflows.
        tests: the command that runs the repository's own tests on pull requests, if it has any.
        python: the Python version the workflows set up.
    """
    return {target: render(template, install=install, tests=tests, python=python)
            for template, target in GITHUB_FILES.items()}


def pages_urls(repo: str) -> tuple[str, str]:
    """(site_url, repo_url) of a GitHub repository ``owner/name`` published on GitHub Pages."""
    owner, name = repo.split("/", 1)
    if name.lower() == f"{owner.lower()}.github.io":
        return f"https://{owner.lower()}.github.io/", f"https://github.com/{repo}"
    return f"https://{owner.lower()}.github.io/{name}/", f"https://github.com/{repo}"


def init_files(options: InitOptions) -> dict[str, str]:
    """Every file of a new repository except the content ones (member, domain, practice), by relative path."""
    if options.repo and not _REPO.match(options.repo):
        raise ScaffoldError(f"--repo '{options.repo}' must be a GitHub repository written OWNER/NAME, "
                            "such as 'my-org/our-community'")
    try:
        requirement = check_requirement(options.requirement) if options.requirement else installed_requirement().line
    except ValueError as error:
        raise ScaffoldError(str(error)) from None
    site_url, repo_url = pages_urls(options.repo) if options.repo else ("", "")
    context = {"site_name": options.site_name, "site_url": site_url, "repo_url": repo_url,
               "requirement": requirement, "domain_id": options.domain_id,
               "practice": f"{options.domain_id}/{FIRST_PRACTICE}",
               "maintainers": [f"@{options.github}"] if options.github else []}
    files = {target: render(template, **context) for template, target in INIT_FILES.items()}
    files.update(github_files("python -m pip install -r requirements.txt"))
    return files


def init_repository(target: Path, options: InitOptions = InitOptions()) -> Written:
    """Create a CoP repository in ``target`` that passes `cop-site check` and builds and deploys as it is.

    Refuses to overwrite anything: a file that already exists stops it before anything is written.
    """
    target = Path(target)
    member_id = options.member_id or name_to_id(options.member_name)
    domain_id = options.domain_id
    domain_title = options.domain_title or title_from_id(domain_id)
    domain_summary = options.domain_summary or (
        "How this community works together: writing practices down, reviewing them and keeping them current."
        if domain_id == "ways-of-working" else
        f"What this community knows about {domain_title[:1].lower() + domain_title[1:]}: its practices, its words "
        "and the people to ask.")
    layout = Layout()
    held = [f"{name}/" for name in (layout.members_dir, layout.practices_dir) if (target / name).exists()]
    if held:  # an existing community: the first member or domain it would write is not what to talk about
        raise ScaffoldError(f"{target} already holds a community of practice ({' and '.join(held)}); `cop-site init` "
                            "starts a new one in an empty folder (nothing was written). To add to this one, use "
                            "`cop-site new member|practice|domain|term`")
    files = init_files(options)
    site_url = pages_urls(options.repo)[0] if options.repo else ""
    practice_key = f"{domain_id}/{FIRST_PRACTICE}"
    plans = [
        _plan_member(target, layout, member_id, {
            "name": options.member_name, "role": "Steward of this community", "status": "active",
            "expertise": {domain_id: "practitioner"}, "mentor": True,
            "contact": {"email": options.email, "github": options.github}}, site_url),
        _plan_domain(target, layout, domain_id, {"title": domain_title, "summary": domain_summary,
                                                 "stewards": [member_id]}, site_url),
        _plan_practice(target, layout, practice_key, {
            "title": "Write a practice page",
            "summary": "How this community writes down a practice, so that someone new can try it tomorrow.",
            "stewards": [member_id], "status": "active", "level": "newcomer", "tags": ["contributing"],
            "review_every": 365}, body=render("init/first-practice.md"), domain_exists=True),
        _plan_terms(target, layout, domain_id, [
            ("Practice", {"definition": "A way of working that members share and keep improving; each page under "
                                        "*Domains* documents one.", "see": [FIRST_PRACTICE]}),
            ("Steward", {"definition": "A member who looks after a domain or a practice page: reviews changes to it "
                                       "and keeps it current. Stewardship is care, not ownership.",
                         "aliases": ["stewards"], "see": [FIRST_PRACTICE]}),
        ], {}, folder=target / layout.practices_dir / domain_id, site_url=site_url),
    ]
    files.update({plan.relative: plan.text for plan in plans})
    clashes = sorted(name for name in [*files, CODEOWNERS] if (target / name).exists())
    if clashes:
        raise ScaffoldError(f"{target} already has {', '.join(clashes)}; choose an empty folder or move those files "
                            "away (nothing was written)")
    existed = target.exists()
    written: list[str] = []
    try:
        for relative, text in files.items():
            _write_new(target / relative, text)
            written.append(relative)
        community, problems = load_and_check(target, layout)
        _write_new(target / CODEOWNERS, generate_codeowners(community, site_maintainers(
            target, read_settings(target))).text)
        written.append(CODEOWNERS)
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            raise ScaffoldError("nothing was written: the new repository would not pass `cop-site check`:\n"
                                + "\n".join(f"  {p}" for p in errors))
    except (ScaffoldError, OSError):
        _remove(target, written, keep_root=existed)
        raise
    return Written(tuple(written), tuple(problems))


def _remove(target: Path, written: list[str], keep_root: bool) -> None:
    """Undo a failed init: remove the files it wrote and the folders it made (every one of them was new)."""
    folders = set()
    for relative in written:
        (target / relative).unlink(missing_ok=True)
        folders.update(Path(relative).parents)
    for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
        if folder.parts and (target / folder).is_dir() and not any((target / folder).iterdir()):
            (target / folder).rmdir()
    if not keep_root and target.is_dir() and not any(target.iterdir()):
        target.rmdir()


def _write_new(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8", newline="\n") as out:
        out.write(text)


def scaffold_paths() -> list[str]:
    """Every template of the scaffold, relative to templates/scaffold/ (to check none is left unused)."""
    return sorted(_ENV.list_templates())


__all__ = ["InitOptions", "ScaffoldError", "Written", "github_files", "init_repository", "new_domain",
           "new_member", "new_practice", "new_term", "render", "yaml_value"]
