"""Region codes: ISO 3166-1 alpha-2 countries, ISO 3166-2:UA oblasts and groups such as ``EU``.

Oblast names vary between sources ("Kyivska oblast", "Kyiv Oblast", "Kyiv region", "Київська
область"); :func:`oblast_code` maps all of them to the ISO code.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from .errors import ValidationError

__all__ = [
    "COUNTRIES",
    "GROUPS",
    "RAION_COUNTS",
    "UA_OBLASTS",
    "is_valid_region",
    "oblast_code",
    "region_name",
    "region_scheme",
    "validate_region",
]

#: ISO 3166-2:UA: code -> (English name, transliterated adjective used by sources, Ukrainian).
UA_OBLASTS: Final[dict[str, tuple[str, str, str]]] = {
    "UA-05": ("Vinnytsia Oblast", "Vinnytska", "Вінницька"),
    "UA-07": ("Volyn Oblast", "Volynska", "Волинська"),
    "UA-09": ("Luhansk Oblast", "Luhanska", "Луганська"),
    "UA-12": ("Dnipropetrovsk Oblast", "Dnipropetrovska", "Дніпропетровська"),
    "UA-14": ("Donetsk Oblast", "Donetska", "Донецька"),
    "UA-18": ("Zhytomyr Oblast", "Zhytomyrska", "Житомирська"),
    "UA-21": ("Zakarpattia Oblast", "Zakarpatska", "Закарпатська"),
    "UA-23": ("Zaporizhzhia Oblast", "Zaporizka", "Запорізька"),
    "UA-26": ("Ivano-Frankivsk Oblast", "Ivano-Frankivska", "Івано-Франківська"),
    "UA-30": ("Kyiv City", "Kyiv City", "Київ"),
    "UA-32": ("Kyiv Oblast", "Kyivska", "Київська"),
    "UA-35": ("Kirovohrad Oblast", "Kirovohradska", "Кіровоградська"),
    "UA-40": ("Sevastopol", "Sevastopol", "Севастополь"),
    "UA-43": ("Autonomous Republic of Crimea", "Crimea", "Автономна Республіка Крим"),
    "UA-46": ("Lviv Oblast", "Lvivska", "Львівська"),
    "UA-48": ("Mykolaiv Oblast", "Mykolaivska", "Миколаївська"),
    "UA-51": ("Odesa Oblast", "Odeska", "Одеська"),
    "UA-53": ("Poltava Oblast", "Poltavska", "Полтавська"),
    "UA-56": ("Rivne Oblast", "Rivnenska", "Рівненська"),
    "UA-59": ("Sumy Oblast", "Sumska", "Сумська"),
    "UA-61": ("Ternopil Oblast", "Ternopilska", "Тернопільська"),
    "UA-63": ("Kharkiv Oblast", "Kharkivska", "Харківська"),
    "UA-65": ("Kherson Oblast", "Khersonska", "Херсонська"),
    "UA-68": ("Khmelnytskyi Oblast", "Khmelnytska", "Хмельницька"),
    "UA-71": ("Cherkasy Oblast", "Cherkaska", "Черкаська"),
    "UA-74": ("Chernihiv Oblast", "Chernihivska", "Чернігівська"),
    "UA-77": ("Chernivtsi Oblast", "Chernivetska", "Чернівецька"),
}

#: Number of raions of each oblast since the reform of 17 July 2020 (Verkhovna Rada resolution
#: 807-IX: 136 raions, Crimea's 10 included); Kyiv City and Sevastopol count as one unit.
RAION_COUNTS: Final[dict[str, int]] = {
    "UA-05": 6,
    "UA-07": 4,
    "UA-09": 8,
    "UA-12": 7,
    "UA-14": 8,
    "UA-18": 4,
    "UA-21": 6,
    "UA-23": 5,
    "UA-26": 6,
    "UA-30": 1,
    "UA-32": 7,
    "UA-35": 4,
    "UA-40": 1,
    "UA-43": 10,
    "UA-46": 7,
    "UA-48": 4,
    "UA-51": 7,
    "UA-53": 4,
    "UA-56": 4,
    "UA-59": 5,
    "UA-61": 3,
    "UA-63": 7,
    "UA-65": 5,
    "UA-68": 3,
    "UA-71": 4,
    "UA-74": 5,
    "UA-77": 3,
}

#: Region groups (not ISO 3166-1 countries).
GROUPS: Final[dict[str, str]] = {
    "EU": "European Union",
    "EU27": "European Union (27)",
    "G7": "Group of Seven",
    "WORLD": "World",
    "OTHERS": "Other destinations",
    "LNG": "Liquefied natural gas (supply route)",
}

# ISO 3166-1 alpha-2: the officially assigned codes.
_ISO2 = (
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ "
    "BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM "
    "DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS "
    "GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN "
    "KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ "
    "MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM "
    "PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV "
    "SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI "
    "VN VU WF WS YE YT ZA ZM ZW"
)
COUNTRIES: Final[frozenset[str]] = frozenset(_ISO2.split())

_NAMES_EN: Final[dict[str, str]] = {
    "UA": "Ukraine",
    "RU": "Russia",
    "BY": "Belarus",
    "CN": "China",
    "IN": "India",
    "TR": "Turkey",
    "KR": "South Korea",
    "GB": "United Kingdom",
    "US": "United States",
    "NO": "Norway",
    "DZ": "Algeria",
    "AZ": "Azerbaijan",
    "LY": "Libya",
    "MA": "Morocco",
}


def _norm(name: str) -> str:
    s = unicodedata.normalize("NFKC", name).casefold().strip()
    s = s.replace("’", "'").replace("ʼ", "'")
    s = re.sub(r"[\s_]+", " ", s)
    return s


def _build_aliases() -> dict[str, str]:
    aliases: dict[str, str] = {}
    for code, (en, adj, uk) in UA_OBLASTS.items():
        base = en.removesuffix(" Oblast")
        names = {
            en,
            adj,
            uk,
            code,
            base,
            f"{adj} oblast",
            f"{base} oblast",
            f"{base} region",
            f"{uk} область",
            f"{adj} region",
        }
        for n in names:
            aliases[_norm(n)] = code
    extra = {
        "kyiv": "UA-30",
        "kyiv city": "UA-30",
        "m. kyiv": "UA-30",
        "м. київ": "UA-30",
        "kiev": "UA-30",
        "kiev city": "UA-30",
        "kyiv oblast": "UA-32",
        "kiev oblast": "UA-32",
        "kyivska oblast": "UA-32",
        "kyiv region": "UA-32",
        "kyivska": "UA-32",
        "sevastopol city": "UA-40",
        "crimea": "UA-43",
        "ar crimea": "UA-43",
        "autonomous republic of crimea": "UA-43",
        "avtonomna respublika krym": "UA-43",
        "zaporizhzhia": "UA-23",
        "zaporizhia oblast": "UA-23",
        "zaporizhzhya oblast": "UA-23",
        "odessa": "UA-51",
        "odessa oblast": "UA-51",
        "odesa": "UA-51",
        "zakarpattia": "UA-21",
        "transcarpathia": "UA-21",
        "khmelnytskyi": "UA-68",
        "khmelnytsky oblast": "UA-68",
        "ivano-frankivsk": "UA-26",
        "vinnytsia": "UA-05",
        "kirovohrad": "UA-35",
        "kropyvnytskyi": "UA-35",
        "dnipro": "UA-12",
        "dnipropetrovsk": "UA-12",
        "chernivtsi": "UA-77",
        "chernihiv": "UA-74",
    }
    aliases.update({_norm(k): v for k, v in extra.items()})
    return aliases


_ALIASES: Final[dict[str, str]] = _build_aliases()


def oblast_code(name: str) -> str:
    """ISO 3166-2:UA code of an oblast name as written by common sources.

    Examples
    --------
    >>> oblast_code("Kyivska oblast"), oblast_code("Kyiv City"), oblast_code("Odesa Oblast")
    ('UA-32', 'UA-30', 'UA-51')
    >>> oblast_code("Atlantis")
    Traceback (most recent call last):
    ...
    warindicators.errors.ValidationError: unknown oblast name 'Atlantis': ...
    """
    code = _ALIASES.get(_norm(str(name)))
    if code is None:
        raise ValidationError(
            f"unknown oblast name {name!r}: expected an oblast of Ukraine such as "
            f"'Kyivska oblast', 'Kyiv City' or an ISO 3166-2:UA code like 'UA-32'"
        )
    return code


def region_scheme(code: str) -> str | None:
    """``"ISO3166-2:UA"``, ``"ISO3166-1"``, ``"group"`` or ``None`` for an unknown code.

    Examples
    --------
    >>> region_scheme("UA-32"), region_scheme("RU"), region_scheme("EU"), region_scheme("XX")
    ('ISO3166-2:UA', 'ISO3166-1', 'group', None)
    """
    if not isinstance(code, str):
        return None
    if code in UA_OBLASTS:
        return "ISO3166-2:UA"
    if code in COUNTRIES:
        return "ISO3166-1"
    if code in GROUPS:
        return "group"
    return None


def is_valid_region(code: object) -> bool:
    """Whether ``code`` is a known region code of any scheme.

    Examples
    --------
    >>> is_valid_region("UA-63"), is_valid_region("EU"), is_valid_region("Kharkiv")
    (True, True, False)
    """
    return isinstance(code, str) and region_scheme(code) is not None


def validate_region(code: object, *, where: str = "region") -> str:
    """Return ``code`` if valid, else raise :class:`ValidationError` saying what is expected.

    Examples
    --------
    >>> validate_region("UA-30")
    'UA-30'
    >>> validate_region("Kyiv City")
    Traceback (most recent call last):
    ...
    warindicators.errors.ValidationError: region: unknown region code 'Kyiv City' (did you mean 'UA-30'?)...
    """
    if not is_valid_region(code):
        hint = ""
        if isinstance(code, str):
            try:
                hint = f" (did you mean {oblast_code(code)!r}?)"
            except ValidationError:
                hint = ""
        raise ValidationError(
            f"{where}: unknown region code {code!r}{hint}; expected ISO 3166-1 alpha-2 "
            f"(e.g. 'UA', 'RU'), ISO 3166-2:UA (e.g. 'UA-32') or a group ({', '.join(GROUPS)})"
        )
    return str(code)


def region_name(code: str) -> str:
    """English name of a region code (the code itself when no name is known).

    Examples
    --------
    >>> region_name("UA-46"), region_name("RU"), region_name("EU")
    ('Lviv Oblast', 'Russia', 'European Union')
    """
    if code in UA_OBLASTS:
        return UA_OBLASTS[code][0]
    if code in GROUPS:
        return GROUPS[code]
    return _NAMES_EN.get(code, code)
