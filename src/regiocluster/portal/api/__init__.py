"""JSON API (Django REST framework) with an OpenAPI schema; the same rules as the pages."""
