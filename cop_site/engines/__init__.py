"""The adapters between the core and the site engines: the MkDocs/ProperDocs plugin and the plain-project export.

Each one only translates: configuration into options, problems into log lines or exit codes, pages into files.
"""
