"""{{bots}} and {{nobots}}, checked on the page text."""

import pytest

from bot.core.exclusion import bots_allowed


@pytest.mark.parametrize(
    "text, allowed",
    [
        ("No templates here.", True),
        ("{{nobots}}", False),
        ("{{Nobots}} text", False),
        ("{{bots}}", True),
        ("{{bots|allow=all}}", True),
        ("{{bots|allow=none}}", False),
        ("{{bots|allow=OtherBot}}", False),
        ("{{bots|allow=OtherBot, PartnershipsBot}}", True),
        ("{{bots|allow=partnerships_bot}}", False),
        ("{{bots|deny=all}}", False),
        ("{{bots|deny=none}}", True),
        ("{{bots|deny=OtherBot}}", True),
        ("{{bots|deny=OtherBot,PartnershipsBot}}", False),
        ("{{bots|optout=all}}", True),
        ("<nowiki>{{nobots}}</nowiki>", True),
    ],
)
def test_the_exclusion_templates_are_honoured(text, allowed):
    assert bots_allowed(text, "PartnershipsBot") is allowed
