"""Every site's /robots.txt names its own sitemap, on the host and port the
site is served on, and keeps crawlers out of the admin and the forms' helpers."""

import pytest


@pytest.mark.parametrize(
    ("host", "sitemap"),
    [
        ("city.localhost", "http://city.localhost/sitemap.xml"),
        ("county.localhost:8000", "http://county.localhost:8000/sitemap.xml"),
    ],
)
def test_robots_txt_names_the_sites_own_sitemap(client, host, sitemap):
    response = client.get("/robots.txt", HTTP_HOST=host)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert f"Sitemap: {sitemap}" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /captcha/" in lines
    # The public pages stay open to crawlers.
    assert "Disallow: /" not in lines


def test_robots_txt_is_read_only(client):
    assert client.post("/robots.txt", HTTP_HOST="city.localhost").status_code == 405
