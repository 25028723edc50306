"""Mapping profiles (spec layer): see ``model`` for the language and ``loader`` for lookup."""
