"""The cluster's information portal: member registry and subcontracting exchange (Django).

The portal is a client of the core: it may import :mod:`regiocluster.case` and
:mod:`regiocluster.network`; the core never imports it. Settings come from the
environment (see :mod:`regiocluster.portal.settings.base`).
"""
