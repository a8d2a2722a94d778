from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import BODY_MAX, REPLY_MAX, SUBJECT_MAX, Status, Topic


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _("%(course)s, session %(code)s (from %(start)s)") % {
            "course": obj.course.title,
            "code": obj.code,
            "start": obj.start_date.isoformat(),
        }


class SuggestionForm(forms.Form):
    """A trainee's suggestion: about one of their sessions, or the service."""

    session = SessionChoiceField(
        label=_("Which class is it about?"),
        queryset=None,
        required=False,
        empty_label=_("None: it is about the institute's service"),
        help_text=_("Only the classes you attend or attended are listed."),
        error_messages={
            "invalid_choice": _("Choose one of the sessions you attend or attended.")
        },
    )
    topic = forms.ChoiceField(
        label=_("Topic"),
        choices=Topic.choices,
        initial=Topic.OTHER,
        error_messages={"required": _("Choose what it is about.")},
    )
    subject = forms.CharField(
        label=_("Subject"),
        max_length=SUBJECT_MAX,
        error_messages={"required": _("Give your suggestion a subject.")},
    )
    body = forms.CharField(
        label=_("Your suggestion"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Write your suggestion.")},
    )

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions
        self.fields["body"].help_text = _(
            "Up to %(max)s characters. Please leave out personal details such as "
            "ID numbers or phone numbers: staff may publish your question, without "
            "your name, on the public board."
        ) % {"max": BODY_MAX}
        # The browser counts too, but the limit is checked here.
        self.fields["subject"].widget.attrs["maxlength"] = SUBJECT_MAX
        self.fields["body"].widget.attrs["maxlength"] = BODY_MAX


ALL = ""


class SuggestionFilterForm(forms.Form):
    """The staff list's filters."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[(ALL, pgettext_lazy("filter", "All")), *Status.choices],
    )
    topic = forms.ChoiceField(
        label=_("Topic"),
        required=False,
        choices=[(ALL, pgettext_lazy("filter", "All")), *Topic.choices],
    )
    session = SessionChoiceField(
        label=_("Session"),
        queryset=None,
        required=False,
        empty_label=pgettext_lazy("filter", "All"),
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label=_("Reply to the trainee"),
        max_length=REPLY_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "The trainee is e-mailed when you first reply; corrections later are "
            "not e-mailed."
        ),
        error_messages={"required": _("Write the reply.")},
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Change the status to"), choices=())

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (value, Status(value).label) for value in choices
        ]


class PublishForm(forms.Form):
    public_subject = forms.CharField(
        label=_("Subject shown on the board"),
        max_length=SUBJECT_MAX,
        error_messages={"required": _("Write the subject to show on the board.")},
    )
    public_body = forms.CharField(
        label=_("Question shown on the board"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Edit the trainee's words so that nobody can be recognised: remove "
            "names, units, ID and phone numbers. The author's name is never shown."
        ),
        error_messages={"required": _("Write the question to show on the board.")},
    )


class BoardFilterForm(forms.Form):
    """The public board's filters."""

    q = forms.CharField(label=_("Words in the question or reply"), required=False)
    topic = forms.ChoiceField(
        label=_("Topic"),
        required=False,
        choices=[(ALL, pgettext_lazy("filter", "All")), *Topic.choices],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["maxlength"] = 100
        self.fields["q"].widget.input_type = "search"
