"""The adapters between the core and the site engines: the MkDocs/ProperDocs plugin (``plugin``), the plain
project any engine builds (``export``), the finishing of what an engine built from it (``finish``), and
``cop-site build --engine`` (``build``), which runs an engine by one path or the other.

Each one only translates: configuration into options, problems into log lines or exit codes, pages into files.
Finishing a page has one implementation, ``cop_site.finishing.Finisher``, used by the plugin and by ``finish``.
"""
