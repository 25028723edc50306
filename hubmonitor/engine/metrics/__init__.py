"""One module per family of metric kinds; importing this package registers them all."""

from hubmonitor.engine.metrics import companies, counting, durations, external, municipal, survey

__all__ = ["companies", "counting", "durations", "external", "municipal", "survey"]
