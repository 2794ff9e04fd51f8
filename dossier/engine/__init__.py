"""The engine edge: the MkDocs plugin, the page/file assembly it calls, the Markdown export and
the helpers that drive MkDocs from Python for the CLI. The only package importing MkDocs (with devtools)."""
