"""Stage 4, the site: the page families that say which outputs go where in docs/, the site's
languages, the manifest of generated files, and the scheduling of that work over the cores.
"""
