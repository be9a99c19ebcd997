"""Built-in cases shipped inside the package (loaded by name with ``load_case``)."""
