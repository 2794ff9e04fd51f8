"""China–Serbia dossier: data model, checks and page generation for the research site.

Data flows one way through the subpackages: `core` (load → check → the `Site` graph, routes)
→ `render` → `publish` → `cite` → `engine`. Only `engine/` (the MkDocs adapter and driver) and
`devtools/` know about MkDocs; only `cli.py` knows argv. See ARCHITECTURE.md.
"""
