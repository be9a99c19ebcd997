"""Enterprises: support measures, scorecards, modernisation, major projects, technologies."""

from regiocluster.enterprises.support import eligibility_summary, eligible_measures, okved_covers

__all__ = ["eligibility_summary", "eligible_measures", "okved_covers"]
