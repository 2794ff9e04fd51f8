"""Rendering: generated pages as Markdown strings, the map and charts, glossary, search fields,
the print edition and HTML post-processing. Pure functions of the core."""
