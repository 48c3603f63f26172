"""The MkDocs adapter: turns MkDocs config into paths, problems into log lines, pages into files. No logic."""

from __future__ import annotations

import logging
import html
import os
import posixpath
import re
from dataclasses import replace
from pathlib import Path

from markupsafe import Markup

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page as MkDocsPage

from ..assemble import assemble
from ..budget import DEFAULT_SECONDS
from ..codeowners import OWNER
from ..docs import DocsPolicy, Theme, check_meta, generated_files, scan_docs, settle_urls
from ..finishing import Finisher, worker_helps
from ..history import DEFAULT_BOTS
from ..loading import Layout
from ..model import one_line
from ..page_guard import RenderGuard
from ..pages import (GLOSSARY_URI, PAGE_KINDS, Options, build_day, build_nav, edit_base, feeds_for, link_feeds,
                     nav_uris, practice_nav)
from ..pages.search import search_marker
from ..sanitize import escape_meta, escape_title_element
from ..search import SEARCH_ENGINES, index_site, mark_page, wants_index
from ..signals import settings_from, settings_problem
from ..settings import Settings, SiteFiles, read_settings, relative_path
from ..site_assets import ASSETS, REQUIRED_EXTENSIONS, THEME_PARTIALS, asset_text
from ..titles import label_titles_once, search_titles_once
from ..validation import sort_problems

log = get_plugin_logger("cop-site")
_HEADING_IN_LIST_ITEM = re.compile(r"<li\b[^>]*>\s*(?:<p>\s*)?<h[1-6]\b")


class _Owner(c.Type):
    """A CODEOWNERS owner: @user, @org/team or an e-mail address."""

    def __init__(self) -> None:
        super().__init__(str)

    def run_validation(self, value: object) -> str:
        value = super().run_validation(value)
        if not OWNER.match(value.strip()):
            raise base.ValidationError(f"'{value}' is not a GitHub owner; write @user, @org/team or an e-mail address")
        return value.strip()


class _Seconds(c.BaseConfigOption[float]):
    """A number of seconds, 0 or more."""

    def __init__(self, default: float) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= 0:
            raise base.ValidationError(f"expected a number of seconds, 0 or more (0 turns it off), not {value!r}")
        return float(value)


class _Participation(c.BaseConfigOption[dict]):
    """Thresholds of the participation signals (``signals.Settings``): a mapping of whole numbers, checked by the
    core so that the command line reads them alike."""

    def __init__(self) -> None:
        super().__init__()
        self.default = {}

    def run_validation(self, value: object) -> dict:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise base.ValidationError(f"expected settings such as 'core: 6', not {value!r}")
        problem = settings_problem(value)
        if problem is not None:
            raise base.ValidationError(problem)
        return dict(value)


class CopSiteConfig(base.Config):
    members_dir = c.Type(str, default="members")
    """Folder of member profiles, relative to mkdocs.yml."""
    practices_dir = c.Type(str, default="practices")
    """Folder of domains and their practices, relative to mkdocs.yml."""
    pages = c.ListOfItems(c.Choice(PAGE_KINDS), default=list(PAGE_KINDS))
    """Which overview pages to build; practice pages are always built."""
    review_every = c.Type(int, default=180)
    """Days after which a practice with no `review_every` of its own is due for review."""
    glossary_links = c.Type(bool, default=True)
    """Link the first use of each glossary term in a practice to its entry."""
    nav = c.Type(bool, default=True)
    """Build the navigation when mkdocs.yml has no `nav` of its own."""
    html = c.Choice(("sanitize", "allow"), default="sanitize")
    """`sanitize` strips scripts, event handlers and unsafe URLs from every page; `allow` trusts contributors."""
    contributing = c.Type(str, default="contributing.md")
    """The hand-written page (in docs_dir) that explains how to contribute."""
    history = c.Type(bool, default=True)
    """Read git history for dates, contributors, evidence of expertise, health and changes."""
    bots = c.ListOfItems(c.Type(str), default=list(DEFAULT_BOTS))
    """Git authors (name or email; * and ? as wildcards) whose commits count for neither dates nor credit."""
    maintainers = c.ListOfItems(_Owner(), default=[])
    """Who reviews the site's own files (mkdocs.yml, theme, workflows, .mailmap, hand-written pages, hooks):
    `cop-site codeowners` writes them into CODEOWNERS."""
    render_budget = _Seconds(default=DEFAULT_SECONDS)
    """CPU seconds a page may take to render; a page that takes longer is published without its body, and reported.
    Pages above 64 KB are rendered in a worker process first to find out. 0 turns this off."""
    parallel = c.Optional(c.Type(bool))
    """Link terms and sanitize pages in a worker process while MkDocs renders the next ones. Default: when the
    machine has a second core and the site has at least 300 pages."""
    trusted_files = c.ListOfItems(c.Type(str), default=[])
    """docs_dir files published whatever their type (`stylesheets/*`; `*` crosses folders): site code that
    maintainers review. Other HTML, SVG, JavaScript, CSS and unknown files in docs_dir are refused."""
    participation = _Participation()
    """Thresholds of participation, newcomer and stagnation signals (window, core, active, months, quiet_days,
    quiet_quarters, recent_days): README.md describes them."""
    search = c.Choice(SEARCH_ENGINES, default="pagefind")
    """`pagefind`: the header searches a Pagefind index built after the site, people first, light at any size;
    `theme`: the theme's own search (Material's downloads its whole index before the first result)."""
    replace_pages = c.ListOfItems(c.Type(str), default=[])
    """Generated pages that a hand-written page at the same URL may replace (`start-here/index.md`,
    `people/*.md`); elsewhere such a page is an error and the generated page is published."""


class _NoWorkflowCommands(logging.Filter):
    """Writes a log record on one line if a line of it would start with '::', which GitHub Actions runs as a
    workflow command. Our own messages are one line already (``model.one_line``); this covers MkDocs' own, which
    quote docs_dir paths before any plugin sees them (mkdocs/structure/files.py, get_files: 'Excluding ...')."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if _COMMAND_LINE.search(message):
            record.msg, record.args = one_line(message), ()
        return True


_COMMAND_LINE = re.compile(r"[\n\r\x0b\x0c\x85\u2028\u2029]\s*::")


class CopSitePlugin(BasePlugin[CopSiteConfig]):
    supports_multiple_instances = False
    search_marks = None  # what search should know of each page, set in on_files with `search: pagefind`

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(config.config_file_path or ".").parent.resolve()
        for handler in logging.getLogger("mkdocs").handlers:  # before MkDocs collects docs_dir and logs about it
            if not any(isinstance(f, _NoWorkflowCommands) for f in handler.filters):
                handler.addFilter(_NoWorkflowCommands())
        for extension in REQUIRED_EXTENSIONS:
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        if ASSETS["css"] not in config.extra_css:
            config.extra_css.insert(0, ASSETS["css"])
        if ASSETS["js"] not in [str(script) for script in config.extra_javascript]:
            config.extra_javascript.insert(0, ASSETS["js"])
        self.searching = wants_index(self.config.search, config.plugins)
        if self.config.search == "pagefind" and not self.searching:
            log.info("search: no search index, since mkdocs.yml's plugins do not list the theme's `search` (the theme "
                     "shows no search box without it)")
        if self.searching and THEME_PARTIALS not in config.theme.dirs:
            # after the site's own custom_dir (which may override the partial too), before the theme's
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, THEME_PARTIALS)
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        policy = DocsPolicy(tuple(self.config.trusted_files), tuple(self.config.replace_pages),
                            config.use_directory_urls)
        self.theme = Theme(tuple(Path(d) for d in config.theme.dirs),
                           Path(config.theme.custom_dir) if config.theme.custom_dir else None)
        docs_rel = Path(os.path.relpath(config.docs_dir, self.root)).as_posix()
        scan = scan_docs(self.root, docs_rel, self.theme, policy)
        contributing = self.config.contributing if self.config.contributing in scan.pages else ""
        options = Options(pages=tuple(self.config.pages), review_every=self.config.review_every,
                          contributing=contributing, today=build_day(), site_url=config.site_url or "",
                          site_name=config.site_name, edit_base=edit_base(config.repo_url, config.edit_uri),
                          docs_dir=docs_rel, practices_dir=self.config.practices_dir,
                          participation=settings_from(self.config.participation))
        layout = Layout(self.config.members_dir, self.config.practices_dir)
        settings = Settings(layout=layout, bots=tuple(self.config.bots), maintainers=tuple(self.config.maintainers),
                            site=self._site_files(config, options.docs_dir))
        built = assemble(self.root, layout, options, history=self.config.history, bots=self.config.bots,
                         settings=settings)
        self.site, pages = built.site, built.pages
        settle_urls(scan, generated_files(pages, self.site.community), policy)
        for problem in sort_problems(built.problems + scan.problems):
            _report(problem)
        if built.history.note:
            (log.warning if built.history.shallow else log.info)("%s", one_line(built.history.note))
        self._keep_docs(files, scan.files, config)
        if scan.theme_files:  # MkDocs left out the theme's own files where docs_dir had one; they come back
            files.add_files_from_theme(config.theme.get_env(), config)
        self.guard = RenderGuard(config.markdown_extensions, config.mdx_configs, seconds=self.config.render_budget,
                                 sanitize=self.config.html == "sanitize")
        # Hand-written pages (those the scan let through) are read now, so that large ones are tried in the worker
        # meanwhile: MkDocs renders them first.
        for file in files.documentation_pages():
            if file.generated_by is None and file.abs_src_path:
                source = Path(os.path.relpath(file.abs_src_path, self.root)).as_posix()
                for problem in self.guard.read_page(file.src_uri, file.abs_src_path, source):
                    _report(problem)
        docs_dir = Path(config.docs_dir)
        published: dict[str, str | None] = {}
        for page in pages:
            if page.uri in scan.replaced:
                log.info("%s", one_line(f"{scan.source(scan.replaced[page.uri])} replaces the generated {page.uri}, "
                                        "as replace_pages allows"))
                continue
            published[page.uri] = page.source
            if (practice := self.site.practice_at(page.uri)) is not None:
                self.guard.watch_practice(page.uri, page.content, practice.source, practice.body, practice.body_line)
            file = File.generated(config, page.uri, content=page.content)
            if page.source:
                file.edit_uri = posixpath.normpath(os.path.relpath(self.root / page.source, docs_dir).replace(os.sep, "/"))
            files.append(file)
        for name, uri in ASSETS.items():
            files.append(File.generated(config, uri, content=asset_text(name)))
        for path, uri in self.site.assets(self.root):
            files.append(File.generated(config, uri, abs_src_path=str(path)))
        self.nav = None  # the navigation this plugin built, when it built one
        if config.nav is None and self.config.nav:
            self.nav = config.nav = build_nav(self.site, [f.src_uri for f in files.documentation_pages()
                                                          if f.generated_by is None])
        if config.nav is not None:  # pages reached from others, not from the nav: MkDocs need not list them
            listed = set(nav_uris(config.nav))
            for page in pages:
                file = files.src_uris.get(page.uri)
                if file is not None and file.generated_by is not None and page.uri not in listed:
                    file.inclusion = InclusionLevel.NOT_IN_NAV
        log.info("%s", self.site.summary(published))
        self.search_marks = search_marker(self.site) if self.searching else None
        parallel = self.config.parallel
        if parallel is None:
            parallel = worker_helps(len(files.documentation_pages()))
        if parallel and not self._sees_pages_alone(config):
            parallel = False
            log.info("pages are finished in the build's own process: another plugin reads or changes a page's HTML "
                     "after cop-site in on_page_content or before it in on_page_context")
        linked = self.config.glossary_links and files.src_uris.get(GLOSSARY_URI) is not None
        self.finisher = Finisher(self.site.community.terms if linked else (), sanitize=self.config.html == "sanitize",
                                 worker=parallel)
        if self.finisher.parallel or self.finisher.note:
            log.info("%s", self.finisher.note or "pages are finished in a worker process beside the build")
        return files

    def _site_files(self, config: MkDocsConfig, docs_dir: str) -> SiteFiles:
        """Where this build's own files are (INHERIT is gone from MkDocs' config once loaded: read from the file)."""
        config_file = relative_path(os.path.relpath(config.config_file_path or "mkdocs.yml", self.root))
        return replace(read_settings(self.root, config_file or "mkdocs.yml").site, docs_dir=docs_dir)

    def on_page_read_source(self, /, *, page: MkDocsPage, config: MkDocsConfig) -> str | None:
        return self.guard.text_of(page.file.src_uri)  # read, and checked, in on_files

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        self._files = files
        self._listed = {page.file.src_uri: page for page in nav.pages}
        return nav

    def on_page_markdown(self, markdown: str, /, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        markdown, problem = self.guard.finish(page.file.src_uri, markdown)
        if problem is not None:
            _report(problem)
        page.meta = check_meta(page.meta, self.theme)[0]  # what the theme cannot use goes (on_files reported it)
        if self.config.html == "sanitize":
            page.meta = escape_meta(page.meta)
        return markdown

    @staticmethod
    def _keep_docs(files: Files, keep: list[str], config: MkDocsConfig) -> None:
        """Take out of ``files`` every docs_dir file not in ``keep`` (links, refused types, shadows), before MkDocs
        reads or copies any: MkDocs collects docs_dir following links (mkdocs/structure/files.py, get_files)."""
        allowed = set(keep)
        docs_dir = os.path.normpath(config.docs_dir)
        for file in [f for f in files if f.generated_by is None and f.src_dir is not None
                     and os.path.normpath(f.src_dir) == docs_dir and f.src_uri not in allowed]:
            files.remove(file)

    def _sees_pages_alone(self, config: MkDocsConfig) -> bool:
        """Whether no other plugin sees a page between this one's on_page_content and on_page_context: only then
        can a page be finished in a worker meanwhile (until it is, it is neither linked nor sanitized)."""
        content, context = config.plugins.events["page_content"], config.plugins.events["page_context"]
        return (bool(content) and getattr(content[-1], "__self__", None) is self
                and bool(context) and getattr(context[0], "__self__", None) is self)

    def on_page_content(self, content: str, /, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        practice = self.site.practice_at(page.file.src_uri)
        glossary = _url_from(page, GLOSSARY_URI, files) if practice is not None and self.finisher.terms else None
        preferred = practice.all_domains if practice else ()
        if not self.finisher.parallel:
            return self.finisher.finish(content, glossary, preferred)
        # Handed to the worker and collected in on_page_context: the page is finished on another core while
        # MkDocs renders the next ones.
        self.finisher.hand_over(page.file.src_uri, content, glossary, preferred)
        return content

    @event_priority(100)  # before Material's search plugin indexes the page
    def on_page_context(self, context, /, *, page: MkDocsPage, config: MkDocsConfig, nav):
        if self.finisher.handed(page.file.src_uri):  # to the worker (a page finished at once was not)
            page.content = self.finisher.collect(page.file.src_uri, page.content or "")
        practice = self.site.practice_at(page.file.src_uri)
        if self.nav is not None and practice is not None:
            # Themes render the whole navigation into every page; a practice page gets its own, small one.
            local = practice_nav(self.site, self.nav, practice)
            context["nav"] = _navigation_for(page, local.nav, nav, self._listed, self._files)
            page.previous_page, page.next_page = (_link(html.escape(found[0]), found[1], self._files) if found else None
                                                  for found in (local.previous, local.next))
        # Material's search indexer raises ValueError on some valid HTML (a heading inside a list item after a
        # block holding two headings: material/plugins/search/plugin.py, Parser.handle_endtag, data.index) and the
        # whole build aborts. Such a page is published, left out of search, and said so.
        if not _HEADING_IN_LIST_ITEM.search(page.content or ""):
            return context  # the only shape known to trip it; the full parse costs as much as indexing
        try:
            from material.plugins.search.plugin import Parser
        except ImportError:  # pragma: no cover - another theme
            return context
        try:
            Parser().feed(page.content or "")
        except ValueError:
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
            log.warning("%s: left out of search: Material's search indexer cannot read this page (a heading inside a "
                        "list item, after a block with two headings); the page itself is published",
                        one_line(page.file.src_uri))
        return context

    def on_post_page(self, output: str, /, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        output = label_titles_once(output, [p.title for p in (page.previous_page, page.next_page) if p is not None])
        output = link_feeds(output, feeds_for(self.site, page.file.src_uri), page.url)
        if self.search_marks is not None:
            output = mark_page(output, self.search_marks(page.file.src_uri))
        if page.meta and page.meta.get("title"):  # escaped in on_page_markdown; Material prints it as it is
            return output
        return escape_title_element(output, str(page.title or ""))

    @event_priority(-100)  # after Material's search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._close()
        index = Path(config.site_dir) / "search" / "search_index.json"
        if index.is_file():
            fixed = search_titles_once(index.read_text(encoding="utf-8"))
            if fixed is not None:
                index.write_text(fixed, encoding="utf-8")
        if self.search_marks is not None:
            indexed = index_site(Path(config.site_dir))
            if indexed.error:
                log.error("%s", one_line(indexed.error))
            else:
                log.info("search: %d pages indexed by Pagefind in %.1f s", indexed.pages, indexed.seconds)

    def on_build_error(self, *, error: Exception) -> None:
        self._close()

    def _close(self) -> None:
        for part in (getattr(self, "finisher", None), getattr(self, "guard", None)):
            if part is not None:
                part.close()
        if getattr(self, "guard", None) is not None and self.guard.note:
            log.info("%s", self.guard.note)

    def on_serve(self, server, /, *, config: MkDocsConfig, builder):
        for folder in (self.config.members_dir, self.config.practices_dir):
            if (self.root / folder).is_dir():
                server.watch(str(self.root / folder))
        return server


def _report(problem) -> None:
    """A content problem in the build log, at the level its text says: `mkdocs build --strict` fails on both, as
    `cop-site check --strict` does."""
    (log.error if problem.severity == "error" else log.warning)("%s", problem)
def _navigation_for(page: MkDocsPage, spec: list, site_nav: Navigation, known: dict[str, MkDocsPage],
                    files: Files) -> Navigation:
    """MkDocs' objects for ``spec``, a navigation written as mkdocs.yml's ``nav`` is, drawn on ``page``.

    The page itself stands for its own entry, with its sections as parents so the theme opens them; a page of the
    site's navigation listed under the same title is that navigation's own object, so the theme shows it the same
    way (an index page as its section's link); any other entry is a link. Nothing shared is changed.
    ``known`` is the site navigation's pages by source path.
    """

    def entries(items: list, parent: Section | None) -> list:
        out = []
        for item in items:
            for title, target in (item.items() if isinstance(item, dict) else [(None, item)]):
                if isinstance(target, list):
                    section = Section(Markup(title), [])
                    section.parent = parent
                    section.children = entries(target, section)
                    out.append(section)
                    continue
                path, _, anchor = target.partition("#")
                if path == page.file.src_uri and not anchor:
                    page.parent = parent
                    out.append(page)
                elif path in known and not anchor and title in (None, known[path].title):
                    out.append(known[path])
                else:
                    out.append(_link(title, target, files))
        return out

    items = entries(spec, None)
    page.active = True  # again: its new sections open
    return Navigation(items, site_nav.pages)


def _link(title: str | None, target: str, files: Files) -> Link:
    """A navigation link to ``target`` (a docs path with an optional #anchor) titled ``title``, HTML already.

    The title is ``Markup``: Material prints a title as it is in the link's text and escapes it again in its
    aria-label (``title | e``, partials/footer.html), where an escaped ``'`` would then be read out as ``&#39;``;
    escaping leaves Markup as it is, so both say the same.
    """
    path, _, anchor = target.partition("#")
    file = files.src_uris.get(path)  # not get_file_from_path: its PurePath per call was half of this hook's time
    if title is None:
        title = file.page.title if file is not None and file.page is not None else path
    return Link(Markup(title), (file.url if file is not None else path) + (f"#{anchor}" if anchor else ""))


def _url_from(page: MkDocsPage, target: str, files: Files) -> str:
    """The URL of ``target`` (a docs path with an optional #anchor) relative to ``page``."""
    path, _, anchor = target.partition("#")
    file = files.src_uris.get(path)
    url = file.url_relative_to(page.file) if file else path
    return url + (f"#{anchor}" if anchor else "")


__all__ = ["CopSitePlugin", "CopSiteConfig"]
