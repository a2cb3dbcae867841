"""The educator progress rollup (ADR 0038), filled for every existing account."""

from django.db import migrations, models


def fill(apps, schema_editor):
    # The rollup's own code computes the rows (reporting.rollup): the same numbers the dashboard
    # aggregated per request, so there is one definition of them.
    from reporting.rollup import progress_rollup_rebuild

    progress_rollup_rebuild(outcomes=False)  # their tables come with 0003


class Migration(migrations.Migration):

    dependencies = [
        ('reporting', '0001_initial'),
        ('accounts', '0008_user_public_profile'),
        ('submissions', '0007_teams'),
        ('credentials', '0005_title_trigram_index'),
    ]

    operations = [
        migrations.CreateModel(
            name='EducatorProgress',
            fields=[
                ('educator_id', models.BigIntegerField(primary_key=True, serialize=False)),
                ('display_name', models.CharField(blank=True, max_length=150)),
                ('email', models.CharField(blank=True, max_length=254)),
                ('attempts', models.PositiveIntegerField(default=0, help_text='Every attempt, withdrawn too.')),
                ('in_progress', models.PositiveIntegerField(default=0)),
                ('submitted', models.PositiveIntegerField(default=0)),
                ('not_yet', models.PositiveIntegerField(default=0)),
                ('earned', models.PositiveIntegerField(default=0)),
                ('pd_hours', models.DecimalField(decimal_places=1, default=0, max_digits=9)),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'indexes': [models.Index(models.F('display_name'), models.F('email'), models.F('educator_id'), name='rep_prog_displa_email_asc'), models.Index(models.OrderBy(models.F('display_name'), descending=True), models.OrderBy(models.F('email'), descending=True), models.F('educator_id'), name='rep_prog_displa_email_desc'), models.Index(models.F('email'), models.F('educator_id'), name='rep_prog_email_asc'), models.Index(models.OrderBy(models.F('email'), descending=True), models.F('educator_id'), name='rep_prog_email_desc'), models.Index(models.F('in_progress'), models.F('educator_id'), name='rep_prog_in_pro_asc'), models.Index(models.OrderBy(models.F('in_progress'), descending=True), models.F('educator_id'), name='rep_prog_in_pro_desc'), models.Index(models.F('submitted'), models.F('educator_id'), name='rep_prog_submit_asc'), models.Index(models.OrderBy(models.F('submitted'), descending=True), models.F('educator_id'), name='rep_prog_submit_desc'), models.Index(models.F('not_yet'), models.F('educator_id'), name='rep_prog_not_ye_asc'), models.Index(models.OrderBy(models.F('not_yet'), descending=True), models.F('educator_id'), name='rep_prog_not_ye_desc'), models.Index(models.F('earned'), models.F('educator_id'), name='rep_prog_earned_asc'), models.Index(models.OrderBy(models.F('earned'), descending=True), models.F('educator_id'), name='rep_prog_earned_desc'), models.Index(models.F('pd_hours'), models.F('educator_id'), name='rep_prog_pd_hou_asc'), models.Index(models.OrderBy(models.F('pd_hours'), descending=True), models.F('educator_id'), name='rep_prog_pd_hou_desc')],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
