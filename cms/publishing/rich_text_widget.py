"""The admin's rich-text editor widget, refusing a malformed submission.

Draftail posts its content as JSON (contentstate). Wagtail's widget converts it
without checking its shape, so a tampered or truncated POST (not JSON, a list,
an offset that is not a number) raised an exception and a server error. The
editor itself never sends such data: the request is answered 400."""

from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _
from wagtail.admin.rich_text import DraftailRichTextArea

# What converting a malformed contentstate raises: JSON errors are ValueErrors,
# a wrong shape gives AttributeError / TypeError / KeyError / IndexError.
MALFORMED = (ValueError, TypeError, AttributeError, KeyError, IndexError)


class CheckedDraftailRichTextArea(DraftailRichTextArea):
    def value_from_datadict(self, data, files, name):
        try:
            return super().value_from_datadict(data, files, name)
        except MALFORMED as error:
            raise BadRequest(
                _("富文本内容格式不正确，请刷新编辑页面后重新填写。")
            ) from error
