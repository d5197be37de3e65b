"""The SERVICE dimension of the code lists (version 2)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reference', '0002_load_reference_data'),
    ]

    operations = [
        migrations.AlterField(
            model_name='code',
            name='dimension',
            field=models.CharField(choices=[('MEASURE', 'Measure'), ('STATUS', 'Victim status'), ('SEX', 'Sex'), ('AGE', 'Age'), ('CITIZENSHIP', 'Citizenship'), ('EXPLOITATION', 'Form of exploitation'), ('EXPLOITATION_COUNTRY', 'Country of exploitation'), ('IDENTIFIED_IN', 'Identified in'), ('SERVICE', 'Type of service'), ('FLAG', 'Observation flag')], max_length=30, verbose_name='dimension'),
        ),
    ]
