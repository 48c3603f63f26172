"""cop-site: publish a Community of Practice repository as a searchable MkDocs site."""

__version__ = "0.1.0"
