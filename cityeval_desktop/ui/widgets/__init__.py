"""Reusable widgets: charts, stars, drop zones."""
