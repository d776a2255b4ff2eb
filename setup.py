"""Shim for scrapyd-deploy, which builds eggs with `setup.py bdist_egg` (config: pyproject)."""

from setuptools import setup

setup()
