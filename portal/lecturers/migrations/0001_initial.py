import django.db.models.deletion
import modelcluster.contrib.taggit
import modelcluster.fields
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('catalog', '0004_class_day_moves_to_classday'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='LecturerExpertiseTag',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('tag', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='%(app_label)s_%(class)s_items', to='taggit.tag')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='LecturerProfile',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('category', models.CharField(choices=[('outside', 'Outside expert'), ('affiliated', 'From an affiliated agency'), ('internal', 'Internal staff'), ('assistant', 'Assistant')], default='outside', max_length=20, verbose_name='lecturer category')),
                ('education', models.TextField(blank=True, verbose_name='education')),
                ('experience', models.TextField(blank=True, verbose_name='experience')),
                ('phone', models.CharField(blank=True, max_length=40, verbose_name='contact phone')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='contact e-mail')),
                ('distance_band', models.CharField(choices=[('near', 'Under 30 km'), ('far', '30 km or more'), ('abroad', 'Abroad')], default='near', max_length=10, verbose_name='distance band')),
                ('bank_account_sealed', models.BinaryField(null=True, verbose_name='bank account (sealed)')),
                ('bank_account_masked', models.CharField(blank=True, editable=False, max_length=60, verbose_name='bank account')),
                ('bank_account_changed_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='bank account changed')),
                ('invited_email', models.EmailField(blank=True, max_length=254, verbose_name='invited e-mail')),
                ('invited_at', models.DateTimeField(blank=True, null=True, verbose_name='invited')),
                ('invitation_nonce', models.CharField(blank=True, editable=False, max_length=32)),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('expertise', modelcluster.contrib.taggit.ClusterTaggableManager(blank=True, help_text='A comma-separated list of tags.', through='lecturers.LecturerExpertiseTag', to='taggit.Tag', verbose_name='expertise')),
                ('lecturer', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='profile', to='catalog.lecturer', verbose_name='lecturer')),
                ('user', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='lecturer_profile', to=settings.AUTH_USER_MODEL, verbose_name='account')),
            ],
            options={
                'verbose_name': 'lecturer profile',
                'verbose_name_plural': 'lecturer profiles',
                'ordering': ['lecturer__name'],
            },
        ),
        migrations.AddField(
            model_name='lecturerexpertisetag',
            name='content_object',
            field=modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='tagged_items', to='lecturers.lecturerprofile'),
        ),
        migrations.CreateModel(
            name='BankAccountChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('changed_at', models.DateTimeField(auto_now_add=True, verbose_name='changed')),
                ('previous_masked', models.CharField(blank=True, max_length=60, verbose_name='previous account')),
                ('new_masked', models.CharField(max_length=60, verbose_name='new account')),
                ('changed_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='changed by')),
                ('profile', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='bank_changes', to='lecturers.lecturerprofile', verbose_name='lecturer profile')),
            ],
            options={
                'verbose_name': 'bank account change',
                'verbose_name_plural': 'bank account changes',
                'ordering': ['-changed_at'],
            },
        ),
    ]
