"""The MkDocs adapter: placeholder replaced below."""
