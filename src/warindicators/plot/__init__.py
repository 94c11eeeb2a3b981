"""Figures used by the results objects' ``.plot()`` methods and by the report notebooks."""
