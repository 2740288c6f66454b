from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0005_finance_officer_role'),
    ]

    operations = [
        migrations.AddField(
            model_name='role',
            name='programme',
            field=models.CharField(blank=True, max_length=40),
        ),
        migrations.AddField(
            model_name='role',
            name='project',
            field=models.CharField(blank=True, max_length=10),
        ),
        migrations.AlterField(
            model_name='role',
            name='kind',
            field=models.CharField(choices=[('commune_cadre', 'Commune cadre'), ('district_officer', 'District officer'), ('province_officer', 'Province officer'), ('steering_committee', 'Steering committee'), ('auditor', 'Auditor'), ('administrator', 'Administrator'), ('finance_officer', 'Finance officer'), ('project_owner', 'Project owner')], max_length=24),
        ),
    ]
