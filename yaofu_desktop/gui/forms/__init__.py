"""Compiled Qt Designer forms (generated from ui/*.ui by gui/uiload.py)."""
