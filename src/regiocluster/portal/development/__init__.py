"""The development model page: the manager compares scenarios and lever sets (issue 15)."""
