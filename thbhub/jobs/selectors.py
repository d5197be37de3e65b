"""Reading background jobs, scoped to what the user may see."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from thbhub.access.permissions import Perm
from thbhub.access.policies import ModelPolicy
from thbhub.jobs.models import Job

if TYPE_CHECKING:
    from thbhub.accounts.models import User

JOB_POLICY = ModelPolicy(Job, country_field="country", owner_field="owner")


def jobs_visible_to(user: User) -> QuerySet[Job]:
    return JOB_POLICY.queryset_for(user, Perm.JOBS_VIEW).select_related("owner")


def access_job(user: User, job_id: object) -> Job:
    return JOB_POLICY.get(user, Perm.JOBS_VIEW, job_id)
