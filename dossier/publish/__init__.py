"""Publishing: git history and dates, the change log and feed, version, the URL manifest,
data downloads, the PDF and the offline copy."""
