"""China–Serbia dossier: data model, checks and page generation for the research site.

Data flows one way: load → check → build the `Site` graph → render pages and exports.
Only `plugin.py` (the MkDocs adapter) and `cli.py` know about MkDocs or argv.
"""
