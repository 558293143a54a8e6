import pytest

from cms.delivery.models import StaticRenderRequest
from sites.models import SiteLevel
from tests.factories import make_site
from tests.shared_rows import shared_rows


@pytest.fixture
def publish_root(settings, tmp_path):
    """Static files of the test go to a fresh directory."""
    settings.STATIC_PUBLISH_ROOT = tmp_path / "published"
    return settings.STATIC_PUBLISH_ROOT


def make_two_sites():
    city = make_site("city.localhost", "测试市人民政府", SiteLevel.CITY, "5120000001")
    town = make_site(
        "town.localhost",
        "测试镇人民政府",
        SiteLevel.TOWNSHIP,
        "5120210011",
        superior="city.localhost",
    )
    # Provisioning queued whole-site renders; tests start from a clean queue.
    StaticRenderRequest.objects.all().delete()
    return city, town


_two_sites_rows = shared_rows(make_two_sites)


@pytest.fixture
def two_sites(_two_sites_rows, db):
    """Two sites, the town below the city; enough for most delivery tests."""
    return _two_sites_rows.fresh()
