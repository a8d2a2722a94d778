def only_v1(endpoints, **kwargs):
    """The schema documents this API only, not Wagtail's admin API."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
