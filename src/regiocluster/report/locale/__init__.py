"""The study's gettext catalogues (``ru``, ``en``) and the script that maintains them."""
