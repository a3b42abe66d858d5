"""Stage 0, what every stage shares: the catalogue of words and the vocabulary, problems as data,
the package's frozen model, the only writers to disk, and the build lock.
"""
