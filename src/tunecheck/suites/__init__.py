"""Built-in evaluation suites written by the project (package data, no copied benchmark content)."""
