"""The domain model: what the YAML files describe, typed and validated.

- `values`: the value types (phone numbers, opening hours, dates, yes/no, identifiers);
- `directory`: the group, its establishments and services (``directory/``);
- `crisis`: the situation, functions and operating modes over time (``directory/crise.yml``).
"""

from generator.model.crisis import (
    KNOWN_FUNCTIONS,
    CrisisFile,
    EstablishmentModes,
    FunctionState,
    HospitalFunction,
    ModeState,
    OperatingMode,
    StatusLevel,
)
from generator.model.directory import (
    Directory,
    EmergencyNumber,
    Establishment,
    EstablishmentFile,
    Group,
    Location,
    OfficialAddress,
    Service,
    ServiceKind,
    ServicePhone,
    ServicesFile,
    ServiceStatus,
)
from generator.model.values import slugify

__all__ = [
    "KNOWN_FUNCTIONS",
    "CrisisFile",
    "Directory",
    "EmergencyNumber",
    "Establishment",
    "EstablishmentFile",
    "EstablishmentModes",
    "FunctionState",
    "Group",
    "HospitalFunction",
    "Location",
    "ModeState",
    "OfficialAddress",
    "OperatingMode",
    "Service",
    "ServiceKind",
    "ServicePhone",
    "ServiceStatus",
    "ServicesFile",
    "StatusLevel",
    "slugify",
]
