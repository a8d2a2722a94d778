from django import forms
from django.utils.translation import gettext_lazy as _

from portal.accounts.imports import check_upload


class CompletionFileForm(forms.Form):
    """The upload of a completions file (CSV or Excel) for its dry run."""

    file = forms.FileField(
        label=_("Completions file (CSV or Excel)"),
        help_text=_("A .csv (UTF-8 or Big5) or .xlsx file of at most 5 MB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-"
                   "officedocument.spreadsheetml.sheet"}
        ),
    )  # fmt: skip

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_upload(upload.name, upload.size)
        return upload
