"""Accounts and roles: visitor, member representative, cluster manager, observer, administrator."""
