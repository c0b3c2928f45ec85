"""Which countries belong to which side of the dialogue, for defaults when a sheet says
nothing about a person's stakeholder group."""

from __future__ import annotations

EU_MEMBER_STATES = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()
)
SOUTHERN_PARTNERS = frozenset("DZ EG IL JO LB LY MA PS SY TN".split())
