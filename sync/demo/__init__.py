"""Realistic demo data: a village with every register filled, a township of such villages."""
