"""The two steps of the chain: villages report to their township, townships to their county.

Each step works the same way (an enrollment file bound to one member with its one-time secret,
packages signed by the member's installation and encrypted to the parent, the parent's pinning
of the member's installation, receipts back down). A :class:`Level` names what differs: who
the members are, who the parent is, which package kind travels up, and the words for them, so
each piece of ``sync.exchange`` takes a level instead of being written twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sync.exchange.package_file import KIND_DATA, KIND_UPWARD


@dataclass(frozen=True)
class Level:
    member: str  # 村 / 乡镇: who sends packages up
    parent: str  # 乡镇 / 区县: who receives them
    member_key: str  # village / township: header and document fields are named {member_key}_code
    parent_key: str  # township / county: the receiving database's meta {parent_key}_code
    member_digits: int  # 12 / 9
    parent_digits: int  # 9 / 6
    package_kind: str  # the kind of package the member sends up
    member_table: str  # the parent's table of its members: villages / townships
    enrollment_format: str  # the format name of the parent's enrollment file
    link_table: str  # where the member keeps its parent: enrollment (a village), county_link (a township)

    # The document and meta fields named after each side: village_code, township_name, county_code …
    member_code_field: str = field(init=False)
    member_name_field: str = field(init=False)
    parent_code_field: str = field(init=False)
    parent_name_field: str = field(init=False)

    def __post_init__(self) -> None:
        for side, key in (("member", self.member_key), ("parent", self.parent_key)):
            for what in ("code", "name"):
                object.__setattr__(self, f"{side}_{what}_field", f"{key}_{what}")

    def target(self, signing_fingerprint: str) -> str:
        """How ``exported_versions`` names the parent (by its key: a re-keyed parent gets all again)."""
        return f"{self.parent_key}:{signing_fingerprint}"


VILLAGE_TO_TOWNSHIP = Level(member="村", parent="乡镇", member_key="village", parent_key="township",
                            member_digits=12, parent_digits=9, package_kind=KIND_DATA,
                            member_table="villages", enrollment_format="cunwu-enrollment",
                            link_table="enrollment")
TOWNSHIP_TO_COUNTY = Level(member="乡镇", parent="区县", member_key="township", parent_key="county",
                           member_digits=9, parent_digits=6, package_kind=KIND_UPWARD,
                           member_table="townships", enrollment_format="cunwu-county-enrollment",
                           link_table="county_link")


def receiving(is_county: bool) -> Level:
    """The level whose packages a township (False) or a county (True) database receives."""
    return TOWNSHIP_TO_COUNTY if is_county else VILLAGE_TO_TOWNSHIP
