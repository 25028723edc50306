"""One module per family of metric kinds; importing this package registers them all."""

from hubmonitor.engine.metrics import companies, external, municipal, survey

__all__ = ["companies", "external", "municipal", "survey"]
