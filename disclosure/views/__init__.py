"""Views of the disclosure app: public pages (public), the JSON API (api) and
the staff's admin views (admin)."""
