"""Form helpers shared by the site and admin faces of every app."""

from django.core.exceptions import ValidationError


def apply_errors(form, error: ValidationError):
    """Put a service's ValidationError on the form's fields (or the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
