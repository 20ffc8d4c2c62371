"""The domain model: what the YAML files describe, typed and validated.

- `values`: the value types (phone numbers, opening hours, dates, yes/no, identifiers);
- `directory`: the group, its establishments and services (``directory/``).
"""

from generator.model.directory import (
    Directory,
    EmergencyNumber,
    Establishment,
    EstablishmentFile,
    Group,
    Location,
    Service,
    ServiceKind,
    ServicePhone,
    ServicesFile,
    ServiceStatus,
    StatusLevel,
)
from generator.model.values import slugify

__all__ = [
    "Directory", "EmergencyNumber", "Establishment", "EstablishmentFile", "Group", "Location",
    "Service", "ServiceKind", "ServicePhone", "ServiceStatus", "ServicesFile", "StatusLevel",
    "slugify",
]
