"""Portal settings: ``base`` (production, from the environment) and ``test``.

``DJANGO_SETTINGS_MODULE=regiocluster.portal.settings.base`` is the default; the
package itself imports nothing so ``test`` can adjust the environment first.
"""
