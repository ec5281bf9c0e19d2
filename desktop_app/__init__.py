"""Sourcing Workshop: run an IT outsourcing workshop the right way."""

__version__ = "0.1.0"
APP_NAME = "Sourcing Workshop"
