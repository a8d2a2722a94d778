from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("text"))
    size = blocks.ChoiceBlock(
        label=_("level"),
        choices=[("h2", "H2"), ("h3", "H3"), ("h4", "H4")],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"


class BaseStreamBlock(blocks.StreamBlock):
    """Body content shared by news and standard pages."""

    heading = HeadingBlock(label=_("heading"))
    paragraph = blocks.RichTextBlock(
        label=_("paragraph"),
        features=["bold", "italic", "link", "ol", "ul", "document-link"],
    )
    image = ImageBlock(label=_("image"))
