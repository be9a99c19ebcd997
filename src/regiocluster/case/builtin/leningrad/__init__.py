"""The embedded case ``leningrad``: tables, facts, generator and data card."""
