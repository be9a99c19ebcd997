"""Subcontracting exchange: requests, offers, matching, interest → deal, contracts register."""
