from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect

from cms.catalog.models import CoursePage

from . import services


@login_required
def follow(request, course_id):
    """A recommended course's link: counted, then on to the course."""
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    services.recommendation_click(user=request.user, course=course)
    return redirect(course.url)
