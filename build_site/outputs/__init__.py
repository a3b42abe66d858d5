"""Stage 3, outputs: one module per format a reader gets (pages' HTML, charts and maps as SVG,
workbooks, CSV, the feed, the reports' PDF). Pure: bytes out, nothing written.
"""
