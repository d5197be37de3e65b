"""Reading reference data. Reference data is the same for every country;
only the permission to read it is checked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from thbhub.access.permissions import Perm, Reach, reach_of
from thbhub.access.policies import ModelPolicy
from thbhub.reference.loading import language_names
from thbhub.reference.models import Code, CodeListVersion, Country, Population

if TYPE_CHECKING:
    from thbhub.accounts.models import User

COUNTRY_POLICY = ModelPolicy(Country)
CODELIST_POLICY = ModelPolicy(CodeListVersion)
POPULATION_POLICY = ModelPolicy(Population)


def countries_visible_to(user: User, *, network_only: bool = False) -> QuerySet[Country]:
    queryset = COUNTRY_POLICY.queryset_for(user, Perm.REFERENCE_VIEW)
    return queryset.filter(network_member=True) if network_only else queryset


def countries_in_reach(user: User, perm: Perm) -> QuerySet[Country]:
    """The countries in which ``user`` may create or move records under ``perm``."""
    reach = reach_of(user.role, perm)
    if reach is None:
        return Country.objects.none()
    if reach == Reach.NETWORK:
        return Country.objects.all()
    return Country.objects.filter(code=user.country_id)


def network_members() -> QuerySet[Country]:
    return Country.objects.filter(network_member=True).order_by("name")


def codelist_versions_visible_to(user: User) -> QuerySet[CodeListVersion]:
    return CODELIST_POLICY.queryset_for(user, Perm.REFERENCE_VIEW)


def access_codelist_version(user: User, version: str | None) -> CodeListVersion:
    queryset = codelist_versions_visible_to(user)
    if version:
        return CODELIST_POLICY.get(user, Perm.REFERENCE_VIEW, _pk_of(queryset, version))
    return CODELIST_POLICY.get(user, Perm.REFERENCE_VIEW, _pk_of(queryset.filter(is_current=True)))


def _pk_of(queryset: QuerySet[CodeListVersion], version: str | None = None) -> object:
    if version is not None:
        queryset = queryset.filter(version=version)
    return queryset.values_list("pk", flat=True).first()


def codes_of(version: CodeListVersion, dimension: str | None = None) -> QuerySet[Code]:
    codes = version.codes.all()
    return codes.filter(dimension=dimension) if dimension else codes


def population_visible_to(user: User) -> QuerySet[Population]:
    return POPULATION_POLICY.queryset_for(user, Perm.REFERENCE_VIEW).select_related("country")


def language_codes() -> set[str]:
    return set(language_names())
