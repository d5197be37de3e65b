"""Exports of statistical data: 6.1 CSV, Excel, SDMX-CSV and SDMX-ML.

``rendering`` chooses the writer by format; ``structure`` builds the SDMX
data structure definition shipped beside it. Kept free of imports so the
structure generator runs as a plain module.
"""
