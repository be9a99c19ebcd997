"""Migrations of the management system."""
