from django import forms
from django.utils.translation import gettext_lazy as _

from cms.handouts.models import Visibility


class ProfileForm(forms.Form):
    """What a lecturer edits of their own record."""

    phone = forms.CharField(label=_("Contact phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("Contact e-mail"), required=False)
    education = forms.CharField(
        label=_("Education"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    experience = forms.CharField(
        label=_("Experience"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    expertise = forms.CharField(
        label=_("Expertise"),
        required=False,
        max_length=1000,
        help_text=_("Separate the fields with commas."),
    )

    def clean_expertise(self):
        raw = self.cleaned_data["expertise"].replace("，", ",").replace("、", ",")
        return [part.strip() for part in raw.split(",") if part.strip()]


class BankAccountForm(forms.Form):
    """A new bank account for fees; the service checks and seals it."""

    bank_code = forms.CharField(
        label=_("Bank code"), max_length=8, help_text=_("3 digits, e.g. 700.")
    )
    branch = forms.CharField(
        label=_("Branch code"), max_length=8, help_text=_("4 digits.")
    )
    account_number = forms.CharField(label=_("Account number"), max_length=24)
    holder = forms.CharField(label=_("Account holder"), max_length=80)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["autocomplete"] = "off"
        self.fields["bank_code"].widget.attrs["inputmode"] = "numeric"
        self.fields["branch"].widget.attrs["inputmode"] = "numeric"
        self.fields["account_number"].widget.attrs["inputmode"] = "numeric"


class AccountCreateForm(forms.Form):
    """An invited lecturer without an account chooses a user name and password."""

    username = forms.CharField(label=_("User name"), max_length=150)
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label=_("Password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The passwords differ."))
        return data


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))


def _rules_help(rules) -> str:
    return _("Allowed file types: %(extensions)s. Up to %(max)s per file.") % {
        "extensions": rules.extensions_text,
        "max": rules.max_size_text,
    }


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _("%(code)s %(course)s (from %(start)s)") % {
            "code": obj.code,
            "course": obj.course.title,
            "start": obj.start_date.isoformat(),
        }


class MaterialUploadForm(forms.Form):
    """A lecturer hands in material for one of the sessions they teach; the
    service checks the file against the handout upload rules."""

    session = SessionChoiceField(
        label=_("Session"),
        queryset=None,
        empty_label=_("Choose the session"),
        error_messages={
            "required": _("Choose the session."),
            "invalid_choice": _("Choose one of the sessions you teach."),
        },
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=255,
        error_messages={"required": _("Give the material a title.")},
    )
    file = forms.FileField(
        label=_("File"),
        error_messages={
            "required": _("Choose a file to upload."),
            "empty": _("The file is empty."),
        },
    )
    note = forms.CharField(
        label=_("Note to the organizer (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, sessions, rules, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions
        self.fields["file"].help_text = _rules_help(rules)
        self.fields["file"].widget.attrs["accept"] = rules.accept


class MaterialReplaceForm(forms.Form):
    """While the material awaits review: a new title, note or file."""

    title = forms.CharField(
        label=_("Title"),
        max_length=255,
        error_messages={"required": _("Give the material a title.")},
    )
    file = forms.FileField(
        label=_("New file (optional)"),
        required=False,
        error_messages={"empty": _("The file is empty.")},
    )
    note = forms.CharField(
        label=_("Note to the organizer (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, rules, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _rules_help(rules)
        self.fields["file"].widget.attrs["accept"] = rules.accept


class MaterialAcceptForm(forms.Form):
    """The organizer accepts: who may download the new handout, and its title."""

    title = forms.CharField(label=_("Handout title"), max_length=255)
    visibility = forms.ChoiceField(
        label=_("Who may download it"),
        choices=Visibility.choices,
        initial=Visibility.ENROLLED,
        help_text=_(
            "Trainees see a lecturer's handout only as far as the lecturer's "
            "signed authorization covers it."
        ),
    )


class MaterialReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Why it is returned"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The lecturer sees this comment."),
        error_messages={"required": _("Say why the material is returned.")},
    )
