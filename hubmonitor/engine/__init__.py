"""The evaluator: contract + dataset -> report. Reads no files, prints nothing."""
