"""E-learning completions through the API, for organizers: who has not finished
a session's online part (the admin's list and its spreadsheet show the same)."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from api import examples
from api.serializers import elearning as s
from portal.accounts.names import display_name
from portal.elearning import selectors
from portal.records.models import online_part_hours

from .organizer import _OrganizerView


class OnlineUnfinishedView(_OrganizerView):
    @extend_schema(
        tags=["organizer"],
        summary="Trainees who have not finished a session's online part",
        description=(
            "The selected trainees of a blended or online session whose online "
            "part the e-learning platform (or an organizer) has not yet recorded "
            "as finished, by name. Empty for a session without an online part."
        ),
        responses=s.OnlineUnfinishedSerializer(many=True),
        examples=[examples.one("Not finished", examples.ONLINE_UNFINISHED)],
    )
    def get(self, request, session_id):
        session = selectors.online_part_session_get(
            viewer=request.user, session_id=session_id
        )
        hours = online_part_hours(session)
        data = []
        for enrolment in selectors.online_unfinished_list(
            viewer=request.user, session=session
        ):
            person = getattr(enrolment.user, "person", None)
            data.append(
                {
                    "enrolment_id": enrolment.pk,
                    "user_id": enrolment.user_id,
                    "name": display_name(enrolment.user),
                    "agency": enrolment.agency.name if enrolment.agency else "",
                    "employee_number": person.employee_number if person else "",
                    "email": (person.email if person else "") or enrolment.user.email,
                    "online_hours": hours,
                    "elearning_url": session.course.elearning_url,
                }
            )
        return Response(s.OnlineUnfinishedSerializer(data, many=True).data)
