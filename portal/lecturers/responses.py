from django.utils.cache import add_never_cache_headers

from cms.handouts.responses import attachment


def submission_attachment(submission):
    """A submitted file as a download under the lecturer's file name, which
    browsers never render or sniff and nobody caches."""
    response = attachment(submission)
    add_never_cache_headers(response)
    return response
