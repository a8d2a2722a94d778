from django import forms
from django.utils.translation import gettext_lazy as _


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
