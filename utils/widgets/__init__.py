"""Exercises: each kind has its logic (a model tests can drive) and a view built on one base."""
