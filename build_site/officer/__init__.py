"""Stage 7, the officer's tools beside the build: the data-entry workbook out and back, freezing
reports, a new council's repository and its requirement, and the live preview.
"""
