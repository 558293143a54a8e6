"""The demo cluster `seed_demo` builds: sites, users and content.

Every app may contribute demo data with a module `<app>/demo.py` defining
`seed(context)`, which it registers in its `AppConfig.ready()` with
`sites.demo.seeders.register_seeder`; `seed_demo` calls them in INSTALLED_APPS
order after the sites and users exist. A seeder must be idempotent (check before creating) and draw
every random choice from `context.rng` so runs are reproducible."""
