"""Extraction of dates, quantities, coalition events, memberships and other events."""
