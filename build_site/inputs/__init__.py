"""Stage 1, inputs: read the package (datapackage.json, data/, the boundaries, the translations,
the logo) and check it against the contract; every problem with its file, row and field.
"""
