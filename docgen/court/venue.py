"""The basic people's court of a Chinese address, as far as the address names it."""
from __future__ import annotations

import re
from dataclasses import dataclass

from docgen.court.rules import court_rules

_ADDRESS = re.compile(
    r"^(?P<province>[\u4e00-\u9fff]{2,}?(?:省|自治区))?"
    r"(?P<city>[\u4e00-\u9fff]{2,}?(?:市|自治州|地区|盟))?"
    r"(?P<county>[\u4e00-\u9fff]{1,7}?(?:区|县|市|旗))"
)


@dataclass(frozen=True)
class Venue:
    """Where an address lies: ``city`` (北京市, 深圳市; "" if not named) and ``county`` (a district,
    county or county-level city), with the court that sits there and the internet court of
    the city, if it has one."""

    city: str
    county: str

    @property
    def court(self) -> str:
        """深圳市南山区人民法院 for a district, 昆山市人民法院 for a county-level city, 桐庐县人民法院."""
        prefix = self.city if self.county.endswith("区") else ""
        return f"{prefix}{self.county}人民法院"

    @property
    def internet_court(self) -> str | None:
        """The city's internet court, which may hear its online-shopping cases instead (rules.yaml)."""
        return court_rules()["internet_courts"].get(self.city)


def venue_from_address(address: str) -> Venue | None:
    """The city and district or county an address starts with (江苏省南京市鼓楼区… → 南京市, 鼓楼区);
    None when it names none in Chinese (e.g. an address written in English)."""
    match = _ADDRESS.match(re.sub(r"\s+", "", address))
    if not match:
        return None
    city = match["city"] or ""
    county = match["county"]
    if not city and not match["province"] and county.endswith("市"):
        return None  # a city alone (广州市天河路…): no district to name
    if not city and county.endswith("区") and not match["province"]:
        return None
    return Venue(city, county)
