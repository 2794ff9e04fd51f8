"""The data core: model, loading, validation, checks, the Site graph, dates, settings and routes.

Imports nothing from the other subpackages and never imports MkDocs."""
