"""The apps that add content to the demo cluster: each registers its seeder
in `AppConfig.ready()`, and `seed_demo` runs them in INSTALLED_APPS order
after the sites and users exist. A seeder takes a `DemoContext` and must be
idempotent."""

from django.apps import apps

_seeders = {}


def register_seeder(app_label, seed):
    """Let `seed(context)` add the demo content of the app `app_label`."""
    _seeders[app_label] = seed


def seeders():
    """[(app label, seed)] of the installed apps that registered one, in
    INSTALLED_APPS order."""
    return [
        (config.label, _seeders[config.label])
        for config in apps.get_app_configs()
        if config.label in _seeders
    ]
