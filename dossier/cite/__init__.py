"""Citations: formats, the "Cite this" block, and the <head> metadata reference managers read."""
