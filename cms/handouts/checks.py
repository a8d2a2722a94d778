"""Deployment checks: handout files must stay unreachable except through views."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Tags, register


def _inside(path, root) -> bool:
    path, root = Path(path).resolve(), Path(root).resolve()
    return path == root or root in path.parents


@register(Tags.security, deploy=False)
def check_private_documents(app_configs=None, **kwargs):
    """Handout files outside every published root; documents served by a view."""
    from .storage import private_storage

    errors = []
    if getattr(settings, "WAGTAILDOCS_SERVE_METHOD", None) != "serve_view":
        errors.append(
            Error(
                "WAGTAILDOCS_SERVE_METHOD must be 'serve_view': any other method "
                "hands out the storage's URL and skips the handout access checks.",
                id="handouts.E001",
            )
        )
    location = getattr(private_storage(), "location", None)
    if location:
        for name in ("MEDIA_ROOT", "STATIC_ROOT"):
            published = getattr(settings, name, None)
            if published and _inside(location, published):
                errors.append(
                    Error(
                        f"The private storage ({location}) overlaps {name} "
                        f"({published}); handout files would be published.",
                        hint="Set DJANGO_PRIVATE_MEDIA_ROOT to a folder of its own.",
                        id="handouts.E002",
                    )
                )
    return errors
