from .signals import END_SESSION_ATTRIBUTE, end_session_url


class ProviderLogoutMiddleware:
    """After a logout of someone who signed in with the city account, send the
    browser to the provider's logout, which returns to where the logout view
    would have gone (installed only when single sign-on is configured)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        pending = getattr(request, END_SESSION_ATTRIBUTE, None)
        if pending and response.status_code in (301, 302, 303):
            endpoint, params = pending
            return_to = request.build_absolute_uri(response["Location"])
            response["Location"] = end_session_url(endpoint, params, return_to)
            response.status_code = 302
        return response
