"""Wagtail admin strings missing from Wagtail's own zh_Hant catalogue.

Wagtail 8's zh_Hant translations lag behind its English source, so parts of the
admin (the help menu, the search box, keyboard shortcuts, the account page, the
page editor's side panels) show English. Django looks in LOCALE_PATHS before the
apps' catalogues, so the project's catalogue completes Wagtail's; listing the
msgids here keeps ``manage.py messages_extract`` (which keeps only msgids found in
the project's sources) from dropping them as obsolete.

Nothing imports this module: it exists to be extracted. Use the msgid exactly as
Wagtail writes it (with its msgctxt, through ``pgettext_lazy``, if it has one);
find them in wagtail/**/locale/en/LC_MESSAGES/django.po. Remove an entry once
Wagtail's own zh_Hant catalogue translates it.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

ADMIN_STRINGS = [
    gettext_noop("A network error occurred"),
    gettext_noop("Actions (footer)"),
    gettext_noop("Add or show comments"),
    gettext_noop("Add selected documents to collection"),
    gettext_noop("Add tags to the selected documents"),
    gettext_noop("Add tags to the selected images"),
    gettext_noop("Aging pages"),
    gettext_noop("All keyboard shortcuts"),
    gettext_noop("Any"),
    gettext_noop("Anyone"),
    gettext_noop("Application"),
    gettext_noop("Autosave is paused"),
    gettext_noop("Back"),
    gettext_noop("Change privacy"),
    gettext_noop("Checks"),
    gettext_noop("Choose when this page should go live and/or expire"),
    gettext_noop("Choose who can view the live version of this page"),
    gettext_noop("Close modal dialogs (like this one)"),
    gettext_noop("Comment notifications"),
    gettext_noop("Content metrics"),
    gettext_noop(
        "Correct the validation errors to resume preview (saving will highlight errors)"
    ),
    gettext_noop("Cut"),
    gettext_noop("Dark"),
    gettext_noop("Date updated"),
    gettext_noop("Delete selected snippets"),
    gettext_noop("Edit account avatar"),
    gettext_noop("Edited by"),
    gettext_noop("Enable custom keyboard shortcuts specific to Wagtail."),
    gettext_noop("Exploring"),
    gettext_noop("File size: (high to low)"),
    gettext_noop("File size: (low to high)"),
    gettext_noop("Filter by"),
    gettext_noop("First published"),
    gettext_noop("For search engines"),
    gettext_noop("For site menus"),
    gettext_noop("Go to the first error"),
    gettext_noop("Grid layout"),
    gettext_noop("Has child pages"),
    gettext_noop("Help"),
    gettext_noop("How we calculate our metrics"),
    gettext_noop("Insert or edit a link"),
    gettext_noop("Issues found"),
    gettext_noop("Keyboard shortcut"),
    gettext_noop("Keyboard shortcuts"),
    gettext_noop(
        "Keyboard shortcuts are currently enabled; manage your %(account_link)s to disable them."
    ),
    gettext_noop("Light"),
    gettext_noop("List layout"),
    gettext_noop("Locked by"),
    gettext_noop("Maximum"),
    gettext_noop("Minimap"),
    gettext_noop("Minimum"),
    gettext_noop("Monospace (code)"),
    gettext_noop("More contrast"),
    gettext_noop("Newest"),
    gettext_noop("No publishing schedule set"),
    gettext_noop("Not visible to the public"),
    gettext_noop("Oldest"),
    gettext_noop("Once live anyone can view"),
    gettext_noop("Owner"),
    gettext_noop("Page type"),
    gettext_noop("Page types usage"),
    gettext_noop(
        "Pages created here will not be accessible at any URL. To add pages to an existing site, create them as children of the homepage."
    ),
    gettext_noop("Paste"),
    gettext_noop("Paste without formatting"),
    gettext_noop("Preview in desktop size"),
    gettext_noop("Preview in mobile size"),
    gettext_noop("Preview in new tab"),
    gettext_noop("Preview in tablet size"),
    gettext_noop("Preview is out of date"),
    gettext_noop("Private. Visit the live page"),
    gettext_noop("Profile"),
    gettext_noop("Profile picture"),
    gettext_noop("Publish selected pages"),
    gettext_noop("Readability"),
    gettext_noop("Reading time"),
    gettext_noop(
        "Receive notification when comments have been created, resolved, or deleted on a page that you have subscribed to receive comment notifications on"
    ),
    gettext_noop("Save changes"),
    gettext_noop("Saved"),
    gettext_noop("Search all pages…"),
    gettext_noop("Search…"),
    gettext_noop("Section"),
    gettext_noop("Select all documents in listing"),
    gettext_noop("Select all snippets in listing"),
    gettext_noop("Set publishing schedule"),
    gettext_noop("Shortcuts"),
    gettext_noop("Show filters"),
    gettext_noop("Show keyboard shortcuts"),
    gettext_noop("Side panel width"),
    gettext_noop("Side panels"),
    gettext_noop("Snug"),
    gettext_noop("Sorry, no pages match <em>%(query_string)s</em>"),
    gettext_noop("Sort by"),
    gettext_noop("Strike-through"),
    gettext_noop("System default"),
    gettext_noop("Text editing"),
    gettext_noop("Text formatting"),
    gettext_noop(
        "The descriptive text displayed underneath a headline in search engine results."
    ),
    gettext_noop(
        "The name of the page displayed on search engine results as the clickable headline."
    ),
    gettext_noop("Theme preferences"),
    gettext_noop("This data explained"),
    gettext_noop(
        'This publishing schedule will only take effect after you select the "Schedule to publish" option'
    ),
    gettext_noop("Title: (A -> Z)"),
    gettext_noop("Title: (Z -> A)"),
    gettext_noop("Toggle breadcrumbs"),
    gettext_noop("Toggle checks"),
    gettext_noop("Toggle minimap"),
    gettext_noop("Toggle section"),
    gettext_noop("Toggle side panel"),
    gettext_noop("Toggle sidebar"),
    gettext_noop(
        "Troubleshoot your connection to the site before proceeding. Open the editor in a separate tab to view the last saved version."
    ),
    gettext_noop("Unpublish selected pages"),
    gettext_noop("Upload a profile picture:"),
    gettext_noop("Usage count"),
    gettext_noop("Usage count: (high to low)"),
    gettext_noop("Usage count: (low to high)"),
    gettext_noop("View latest version"),
    gettext_noop("Visible to all"),
    gettext_noop("Visible to all. Visit the live page"),
    gettext_noop("Wagtail %(current_version)s editor guide"),
    gettext_noop(
        "We calculate reading time from word count, using different reading speeds for different languages."
    ),
    gettext_noop(
        "We extract the main content from the page preview, remove all formatting, and calculate the number of words."
    ),
    gettext_noop(
        "We use a readability formula based on length of words and sentences. Long sentences and words result in a worse readability score."
    ),
    gettext_noop("What's new in Wagtail %(version)s"),
    gettext_noop("Words"),
]

# The dashboard's site summary (pages, documents, images).
ADMIN_PLURALS = [
    ngettext_lazy(
        '%(total)s Page <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Pages <span class="w-sr-only">created in %(site_name)s</span>',
        "total",
    ),
    ngettext_lazy(
        '%(total)s Document <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Documents <span class="w-sr-only">created in %(site_name)s</span>',
        "total",
    ),
    ngettext_lazy(
        '%(total)s Image <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Images <span class="w-sr-only">created in %(site_name)s</span>',
        "total",
    ),
]
