"""Grading library for the course."""
