"""The page `mkdocs serve` answers with while the data has problems (pure).

Every request gets it at once — never a request left hanging until the data is fixed — with
the same `path:line:col` lines the terminal shows. A small script asks the server for the same
address every second and reloads when the answer is no longer this page (the data was fixed and
the site rebuilt), so the browser follows the editor without a keypress.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from ..core.problems import Problem, report

MARKER = "dossier-data-problems"
"""The id of the page's list: the reload script tells this page from the rebuilt site by it."""

_RELOAD = f"""<script>
(function () {{
  function poll() {{
    fetch(location.href, {{cache: "no-store"}}).then(function (r) {{ return r.text(); }})
      .then(function (text) {{
        if (text.indexOf('id="{MARKER}"') < 0) location.reload(); else setTimeout(poll, 1000);
      }}, function () {{ setTimeout(poll, 1000); }});
  }}
  setTimeout(poll, 1000);
}})();
</script>"""


def page(problems: Iterable[Problem], site_name: str, data_dir: str = "data") -> str:
    """A self-contained HTML page listing the problems (no theme, no other file needed)."""
    lines, count = report(problems)
    items = "\n".join(f"<li><code>{html.escape(line)}</code></li>" for line in lines[:-1])
    summary = html.escape(lines[-1]) if count else "The data has problems."
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Data problems — {html.escape(site_name)}</title>
<style>
body {{ font: 1rem/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; }}
code {{ white-space: pre-wrap; overflow-wrap: anywhere; }}
li {{ margin: .4rem 0; }}
</style>
</head>
<body>
<main>
<h1>The site is not built: the data has problems</h1>
<p>{summary} Fix them in <code>{html.escape(data_dir)}/</code> (each line says where:
<code>path:line:column</code>); this page reloads by itself once the data is valid.
<code>scripts/dossier check</code> prints the same list.</p>
<ul id="{MARKER}">
{items}
</ul>
</main>
{_RELOAD}
</body>
</html>
"""
