"""Stage 6, publishing: the staged site becomes site/ in one step, with its sitemap and robots.txt,
and a file edited in the published site is never published again.
"""
