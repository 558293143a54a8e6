"""What the static publisher still has to do, stored durably so a killed
process loses no work."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StaticRenderRequest(models.Model):
    """A public path of one site whose static file must be re-rendered (or
    removed, when the path no longer serves a cacheable page).

    Rows are written inside the transaction that changes the content, so a
    publish and its render request commit together; the render task deletes a
    row only after the file is in place and only if nobody asked again since."""

    hostname = models.CharField(_("域名"), max_length=255)
    path = models.CharField(
        _("路径"), max_length=2000, help_text=_("以 / 开头的公开路径。")
    )
    requested_at = models.DateTimeField(_("请求时间"), default=timezone.now)

    class Meta:
        verbose_name = _("静态页面生成请求")
        verbose_name_plural = _("静态页面生成请求")
        constraints = [
            models.UniqueConstraint(
                fields=["hostname", "path"], name="delivery_unique_render_request"
            )
        ]
        indexes = [models.Index(fields=["requested_at"])]

    def __str__(self):
        return f"{self.hostname}{self.path}"
