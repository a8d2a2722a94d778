"""The site's sign-in page."""

from django.contrib.auth import views as auth_views

from .forms import SiteLoginForm


class LoginView(auth_views.LoginView):
    """Django's login, answering 429 with Retry-After while sign-ins are locked."""

    form_class = SiteLoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.lock is not None:
            response.status_code = 429
            response["Retry-After"] = str(form.lock.retry_after)
        return response
