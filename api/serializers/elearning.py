from rest_framework import serializers


class OnlineUnfinishedSerializer(serializers.Serializer):
    enrolment_id = serializers.IntegerField(help_text="The trainee's enrolment.")
    user_id = serializers.IntegerField(help_text="The trainee's account.")
    name = serializers.CharField(help_text="The trainee's name.")
    agency = serializers.CharField(help_text="The agency at enrolment, or empty.")
    employee_number = serializers.CharField(help_text="Employee number, or empty.")
    email = serializers.CharField(help_text="E-mail address, or empty.")
    online_hours = serializers.DecimalField(
        max_digits=5,
        decimal_places=1,
        help_text="Hours the online part adds once finished.",
    )
    elearning_url = serializers.CharField(help_text="The e-learning course's link.")
