"""The regional state-of-play report and the dashboards, built from publications.

``content`` gathers what the report says from the latest publication of a
year (and earlier years' for trends), ``charts`` lays its charts out once
for SVG and PDF, ``html`` and ``pdf`` render it, ``jobs`` builds the PDF in
the background and ``dashboard`` serves the interactive charts.
"""
