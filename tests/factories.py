"""factory_boy factories and the small test cluster every test suite shares."""

from dataclasses import dataclass

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from cms.pages.models import ArticlePage, ColumnPage
from sites.models import SiteLevel, SiteProfile
from sites.provisioning import SiteRequest, provision_site

PASSWORD = "test-password-123"  # noqa: S105


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.cn")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        self.save()
        if create and extracted:
            self.groups.add(*extracted)


def make_site(hostname, name, level, code, superior=None, **profile_fields):
    result = provision_site(
        SiteRequest(
            name=name,
            short_name=name[:6],
            hostname=hostname,
            code=code,
            level=level,
            superior=superior,
            profile_fields={
                "sponsor": f"{name}办公室",
                "phone": "0825-1234567",
                "icp_number": "蜀ICP备12345678号",
                "public_security_number": "川公网安备 51090302000101号",
                **profile_fields,
            },
        )
    )
    return result.profile


def column(profile, slug):
    return ColumnPage.objects.child_of(profile.site.root_page).get(slug=slug)


def add_article(
    parent, title, published_at=None, body="<p>正文内容。</p>", publish=True, **fields
):
    page = ArticlePage(
        title=title, body=body, published_at=published_at or timezone.now(), **fields
    )
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    else:
        page.live = False
        page.save(update_fields=["live"])
    return page


@dataclass
class Cluster:
    city: SiteProfile
    county: SiteProfile
    town: SiteProfile
    dept: SiteProfile

    def all(self):
        return [self.city, self.county, self.town, self.dept]


def make_cluster():
    city = make_site("city.localhost", "测试市人民政府", SiteLevel.CITY, "5120000001")
    county = make_site(
        "county.localhost",
        "测试县人民政府",
        SiteLevel.COUNTY,
        "5120210001",
        superior="city.localhost",
    )
    town = make_site(
        "town.localhost",
        "测试镇人民政府",
        SiteLevel.TOWNSHIP,
        "5120210011",
        superior="county.localhost",
    )
    dept = make_site(
        "dept.localhost",
        "测试市教育局",
        SiteLevel.DEPARTMENT,
        "5120000002",
        superior="city.localhost",
    )
    return Cluster(city=city, county=county, town=town, dept=dept)
