"""Management system of the cluster: measures, KPIs, joint projects, test site, Smart House."""
