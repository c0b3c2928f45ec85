"""The domain's closed vocabularies.

Codes are stable identifiers stored in documents and files; labels are English source
strings marked for translation and translated when shown (``label()``).
"""

from __future__ import annotations

from enum import StrEnum

from euromed_desktop.i18n import N_, _


class Vocabulary(StrEnum):
    """A StrEnum whose members carry a translatable English label."""

    @classmethod
    def _labels(cls) -> dict[str, str]:
        raise NotImplementedError

    def label(self) -> str:
        return _(self._labels()[self.value])

    @classmethod
    def codes(cls) -> list[str]:
        return [member.value for member in cls]


class MeetingKind(Vocabulary):
    REGIONAL_DIALOGUE = "regional_dialogue"
    EXPERT_GROUP = "expert_group"
    NATIONAL_TRAINING = "national_training"
    TECHNICAL_ASSISTANCE = "technical_assistance"
    STUDY_VISIT = "study_visit"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "regional_dialogue": N_("Regional dialogue meeting"),
            "expert_group": N_("Expert / working group meeting"),
            "national_training": N_("National training programme"),
            "technical_assistance": N_("Technical assistance package"),
            "study_visit": N_("Study visit"),
        }


class Component(Vocabulary):
    DIALOGUE = "dialogue"
    CAPACITY_BUILDING = "capacity_building"
    KNOWLEDGE = "knowledge_communication"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "dialogue": N_("Regional dialogue"),
            "capacity_building": N_("Capacity building"),
            "knowledge_communication": N_("Knowledge gathering and communication"),
        }


class ThematicArea(Vocabulary):
    LEGAL_MIGRATION = "legal_migration"
    IRREGULAR_MIGRATION = "irregular_migration"
    MIGRATION_DEVELOPMENT = "migration_development"
    INTERNATIONAL_PROTECTION = "international_protection"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "legal_migration": N_("Legal migration"),
            "irregular_migration": N_("Irregular migration"),
            "migration_development": N_("Migration and development"),
            "international_protection": N_("International protection"),
        }


class StakeholderGroup(Vocabulary):
    EU_MEMBER_STATE = "eu_member_state"
    EU_INSTITUTION = "eu_institution"
    SOUTHERN_PARTNER = "southern_partner"
    INTERNATIONAL_ORGANISATION = "international_organisation"
    PRIVATE_SECTOR = "private_sector"
    TRADE_UNION = "trade_union"
    ACADEMIA = "academia"
    NGO = "ngo"
    MEDIA = "media"
    MIGRANT_ASSOCIATION = "migrant_association"
    IMPLEMENTING_PARTNER = "implementing_partner"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "eu_member_state": N_("EU member state"),
            "eu_institution": N_("EU institution"),
            "southern_partner": N_("Southern partner country"),
            "international_organisation": N_("International organisation"),
            "private_sector": N_("Civil society: private sector"),
            "trade_union": N_("Civil society: trade union"),
            "academia": N_("Civil society: academia"),
            "ngo": N_("Civil society: local NGO"),
            "media": N_("Civil society: media"),
            "migrant_association": N_("Civil society: migrant association"),
            "implementing_partner": N_("Implementing partner"),
        }

    @property
    def is_civil_society(self) -> bool:
        return self in CIVIL_SOCIETY


CIVIL_SOCIETY = frozenset(
    {
        StakeholderGroup.PRIVATE_SECTOR,
        StakeholderGroup.TRADE_UNION,
        StakeholderGroup.ACADEMIA,
        StakeholderGroup.NGO,
        StakeholderGroup.MEDIA,
        StakeholderGroup.MIGRANT_ASSOCIATION,
    }
)


class Role(Vocabulary):
    PARTICIPANT = "participant"
    SPEAKER = "speaker"
    MODERATOR = "moderator"
    RAPPORTEUR = "rapporteur"
    OBSERVER = "observer"
    ORGANISER = "organiser"
    INTERPRETER = "interpreter"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "participant": N_("Participant"),
            "speaker": N_("Speaker"),
            "moderator": N_("Moderator"),
            "rapporteur": N_("Rapporteur"),
            "observer": N_("Observer"),
            "organiser": N_("Organiser"),
            "interpreter": N_("Interpreter"),
        }


class Gender(Vocabulary):
    FEMALE = "female"
    MALE = "male"
    OTHER = "other"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"female": N_("Female"), "male": N_("Male"), "other": N_("Other")}


class Confidentiality(Vocabulary):
    PUBLIC = "public"
    RESTRICTED = "restricted"
    CHATHAM_HOUSE = "chatham_house"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "public": N_("Public"),
            "restricted": N_("Restricted"),
            "chatham_house": N_("Chatham House Rule"),
        }


class MeetingStatus(Vocabulary):
    PLANNED = "planned"
    HELD = "held"
    MINUTES_DRAFT = "minutes_draft"
    IN_REVIEW = "in_review"
    APPROVED = "approved"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "planned": N_("Planned"),
            "held": N_("Held"),
            "minutes_draft": N_("Minutes in draft"),
            "in_review": N_("Minutes in review"),
            "approved": N_("Minutes approved"),
        }


class AgendaKind(Vocabulary):
    OPENING = "opening"
    SESSION = "session"
    PANEL = "panel"
    WORKING_GROUP = "working_group"
    BREAK = "break"
    LUNCH = "lunch"
    CLOSING = "closing"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "opening": N_("Opening"),
            "session": N_("Session"),
            "panel": N_("Panel"),
            "working_group": N_("Working group"),
            "break": N_("Break"),
            "lunch": N_("Lunch"),
            "closing": N_("Closing"),
        }


class BlockKind(Vocabulary):
    NOTE = "note"
    INTERVENTION = "intervention"
    CONCLUSION = "conclusion"
    RECOMMENDATION = "recommendation"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "note": N_("Notes"),
            "intervention": N_("Intervention"),
            "conclusion": N_("Conclusion"),
            "recommendation": N_("Recommendation"),
        }


class ActionStatus(Vocabulary):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {
            "open": N_("Open"),
            "in_progress": N_("In progress"),
            "done": N_("Done"),
            "cancelled": N_("Cancelled"),
        }


class CommentStatus(Vocabulary):
    OPEN = "open"
    RESOLVED = "resolved"

    @classmethod
    def _labels(cls) -> dict[str, str]:
        return {"open": N_("Open"), "resolved": N_("Resolved")}
