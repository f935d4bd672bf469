"""One mapping of country names and codes to ISO 3166-1 alpha-3, for every source.

Why: each source names countries its own way. The Scorecard and Kelley-Simmons Stata files
key countries by Correlates of War (COW) number and spell names in a compressed shorthand
("CentralAfRep", "SaoT&P"), with the Ivorian apostrophe mangled twice ("Cote DÕIvoire" is a Mac
Roman quote read as Latin-1, "Cote D\\x92Ivoire" a Windows one); the TIP report transcription has
trailing spaces ("Austria "); HTI writes "Congo, Republic", "Netherlands, The" and even
"Equatorial Quinea"; the partner list writes "Cabo Verde"; the UN Treaty Collection writes the
UN's names ("Côte d'Ivoire", "Republic of Moldova", "The former Yugoslav Republic of
Macedonia"); Heiss and Kelley's tier file ISO's ("Moldova, Republic of"); Italy's Ministry of
the Interior Italian ones ("Costa d'Avorio", with an ISO alpha-2 code beside them). Joining them
on ISO3 needs one table that says, spelling by spelling, which country is meant.

Rules: a name is matched exactly, after only its surrounding and repeated white space (incl.
no-break spaces) is normalised; there is no fuzzy matching and no case folding. A name or code
the table does not hold stops the extraction with a :class:`SourceFormatError` naming the
source, the file and every unknown name, so that a new spelling is added here on purpose, never
guessed. (``citizenship`` stays apart on purpose: GLOTIP's free-text citizenships are demonyms,
plurals and foreign spellings, matched on a loose key, and what matches nothing is left
unattributed rather than refused.)

Codes that ISO 3166-1 does not assign: ``XKX`` for Kosovo (the user-assigned code the EU and
the World Bank use) and ``SCG`` for Serbia and Montenegro (its former ISO code, 2003-2006).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from pipeline.errors import SourceFormatError

HINT = "pipeline/extract/countries.py"

#: ISO3 -> every spelling found in the sources (partner list, Scorecard and Kelley-Simmons
#: Stata files, tiers_2015.csv, HTI.csv, the UN Treaty Collection's status files, Heiss and
#: Kelley's tier and 3P files, the Italian ministry's nationalities). One line per country, the
#: partner list's name first.
SPELLINGS: dict[str, tuple[str, ...]] = {
    # --- Africa
    "DZA": ("Algeria",),
    "AGO": ("Angola",),
    "BEN": ("Benin",),
    "BWA": ("Botswana",),
    "BFA": ("Burkina Faso", "BurkinaFaso"),
    "BDI": ("Burundi",),
    "CMR": ("Cameroon", "Camerun"),
    "CPV": ("Cabo Verde", "CapeVerde"),
    "CAF": ("Central African Republic", "CentralAfRep"),
    "TCD": ("Chad",),
    "COM": ("Comoros",),
    "COG": ("Congo", "Congo (Brazzaville; Rep)", "Congo, Republic", "Congo, Republic of"),
    "COD": ("Democratic Republic of the Congo", "Congo, DemRep (Zaire)", "Congo, Democratic Republic",
            "Congo, Democratic Rep. of", "Congo, the Democratic Republic of the"),
    "CIV": ("Cote d'Ivoire", "Cote D'Ivoire", "Cote DIvoire", "Cote D\u00d5Ivoire", "Cote D\x92Ivoire",
            "C\u00f4te d'Ivoire", "Cote D\u2019Ivoire", "Costa d'Avorio"),
    "DJI": ("Djibouti",),
    "EGY": ("Egypt", "Egitto"),
    "GNQ": ("Equatorial Guinea", "EqGuinea", "Equatorial Quinea"),
    "ERI": ("Eritrea",),
    "ETH": ("Ethiopia", "Etiopia"),
    "GAB": ("Gabon",),
    "GMB": ("Gambia", "Gambia, The", "The Gambia"),
    "GHA": ("Ghana",),
    "GIN": ("Guinea",),
    "GNB": ("Guinea-Bissau",),
    "KEN": ("Kenya",),
    "LSO": ("Lesotho",),
    "LBR": ("Liberia",),
    "LBY": ("Libya",),
    "MDG": ("Madagascar", "Madagasgar"),
    "MWI": ("Malawi",),
    "MLI": ("Mali",),
    "MRT": ("Mauritania",),
    "MUS": ("Mauritius",),
    "MAR": ("Morocco", "Marocco"),
    "MOZ": ("Mozambique",),
    "NAM": ("Namibia",),
    "NER": ("Niger",),
    "NGA": ("Nigeria",),
    "RWA": ("Rwanda",),
    "STP": ("Sao Tome and Principe", "SaoT&P", "Sao Tome"),
    "SEN": ("Senegal",),
    "SYC": ("Seychelles",),
    "SLE": ("Sierra Leone", "SierraLeone"),
    "SOM": ("Somalia",),
    "ZAF": ("South Africa", "SouthAfrica"),
    "SSD": ("South Sudan",),
    "SDN": ("Sudan",),
    "SWZ": ("Swaziland",),
    "TZA": ("Tanzania", "United Republic of Tanzania", "Tanzania, United Republic of"),
    "TGO": ("Togo",),
    "TUN": ("Tunisia",),
    "UGA": ("Uganda",),
    "ZMB": ("Zambia",),
    "ZWE": ("Zimbabwe",),
    # --- Europe
    "ALB": ("Albania",),
    "AND": ("Andorra",),
    "AUT": ("Austria",),
    "BLR": ("Belarus",),
    "BEL": ("Belgium",),
    "BIH": ("Bosnia & Herzegovina", "BosniaandHerz", "Bosnia", "Bosnia and Herzegovina"),
    "BGR": ("Bulgaria",),
    "HRV": ("Croatia",),
    "CYP": ("Cyprus",),
    "CZE": ("Czech Republic", "CzechRep"),
    "DNK": ("Denmark",),
    "EST": ("Estonia",),
    "FIN": ("Finland",),
    "FRA": ("France",),
    "DEU": ("Germany",),
    "GRC": ("Greece",),
    "HUN": ("Hungary",),
    "ISL": ("Iceland",),
    "IRL": ("Ireland",),
    "ITA": ("Italy",),
    "XKX": ("Kosovo",),
    "LIE": ("Liechtenstein",),
    "LVA": ("Latvia",),
    "LTU": ("Lithuania",),
    "LUX": ("Luxembourg",),
    "MKD": ("Macedonia", "The former Yugoslav Republic of Macedonia",
            "Macedonia, the former Yugoslav Republic of"),
    "MLT": ("Malta",),
    "MCO": ("Monaco",),
    "MDA": ("Moldova", "Republic of Moldova", "Moldova, Republic of"),
    "MNE": ("Montenegro",),
    "NLD": ("Netherlands", "Netherlands, The"),
    "NOR": ("Norway",),
    "POL": ("Poland",),
    "PRT": ("Portugal",),
    "ROU": ("Romania",),
    "RUS": ("Russia", "Russian Federation"),
    "SMR": ("San Marino",),
    "SRB": ("Serbia",),
    "SCG": ("Serbia and Montenegro",),
    "SVK": ("Slovakia", "SlovakRep", "Slovak Republic"),
    "SVN": ("Slovenia",),
    "ESP": ("Spain",),
    "SWE": ("Sweden",),
    "CHE": ("Switzerland",),
    "UKR": ("Ukraine", "Ucraina"),
    "VAT": ("Holy See",),
    # A partner until it left after 2020.
    "GBR": ("United Kingdom", "UK", "United Kingdom of Great Britain and Northern Ireland"),
    # --- Americas
    "ATG": ("Antigua & Barbuda", "Antigua&Barbuda", "Antigua and Barbuda"),
    "ARG": ("Argentina",),
    "ABW": ("Aruba",),
    "BHS": ("The Bahamas", "Bahamas", "Bahamas, The"),
    "BRB": ("Barbados",),
    "BLZ": ("Belize",),
    "BOL": ("Bolivia", "Bolivia (Plurinational State of)", "Bolivia, Plurinational State of"),
    "BRA": ("Brazil",),
    "CAN": ("Canada",),
    "CHL": ("Chile",),
    "COL": ("Colombia",),
    "CRI": ("Costa Rica", "CostaRica"),
    "CUB": ("Cuba",),
    "CUW": ("Cura\u00e7ao", "Curacao"),
    "DMA": ("Dominica",),
    "DOM": ("Dominican Republic", "DomRep"),
    "ECU": ("Ecuador",),
    "SLV": ("El Salvador", "ElSalvador"),
    "GRD": ("Grenada",),
    "GTM": ("Guatemala",),
    "GUY": ("Guyana",),
    "HTI": ("Haiti",),
    "HND": ("Honduras",),
    "JAM": ("Jamaica",),
    "MEX": ("Mexico",),
    "NIC": ("Nicaragua",),
    "PAN": ("Panama",),
    "PRY": ("Paraguay",),
    "PER": ("Peru",),
    "KNA": ("St.Kitts&Nevis", "St. Kitts and Nevis", "Saint Kitts and Nevis"),
    "LCA": ("St. Lucia", "St.Lucia", "Saint Lucia"),
    "SXM": ("St. Maarten", "Sint Maarten (Dutch part)"),
    "VCT": ("St. Vincent & The Grenadines", "St. Vincent and the Grenadines", "St.Vincent",
            "Saint Vincent and the Grenadines"),
    "SUR": ("Suriname", "Surinam"),
    "TTO": ("Trinidad & Tobago", "Trin&Tobago", "Trinidad and Tobago"),
    "USA": ("United States", "US", "United States of America"),
    "URY": ("Uruguay",),
    "VEN": ("Venezuela", "Venezuela (Bolivarian Republic of)", "Venezuela, Bolivarian Republic of"),
    # --- Asia and the Middle East
    "AFG": ("Afghanistan",),
    "ARM": ("Armenia",),
    "AZE": ("Azerbaijan",),
    "BHR": ("Bahrain",),
    "BGD": ("Bangladesh",),
    "BTN": ("Bhutan",),
    "BRN": ("Brunei", "Brunei Darussalam"),
    "MMR": ("Burma", "Myanmar"),
    "KHM": ("Cambodia",),
    "CHN": ("China (PRC)", "China"),
    "GEO": ("Georgia",),
    "HKG": ("Hong Kong",),
    "IND": ("India",),
    "IDN": ("Indonesia",),
    "IRN": ("Iran", "Iran (Islamic Republic of)", "Iran, Islamic Republic of"),
    "IRQ": ("Iraq",),
    "ISR": ("Israel",),
    "JPN": ("Japan",),
    "JOR": ("Jordan",),
    "KAZ": ("Kazakhstan",),
    "PRK": ("Korea, North", "North Korea", "Korea, Democratic People's Republic of"),
    "KOR": ("Korea, South", "South Korea", "Republic of Korea", "Korea, Republic of"),
    "KWT": ("Kuwait",),
    "KGZ": ("Kyrgyzstan", "KyrgyzRep"),
    "LAO": ("Laos", "Lao People's Democratic Republic"),
    "LBN": ("Lebanon",),
    "MAC": ("Macau", "Macao"),
    "MYS": ("Malaysia",),
    "MDV": ("Maldives",),
    "MNG": ("Mongolia",),
    "NPL": ("Nepal",),
    "OMN": ("Oman",),
    "PAK": ("Pakistan",),
    "PHL": ("Philippines",),
    "QAT": ("Qatar",),
    "SAU": ("Saudi Arabia", "SaudiArabia"),
    "SGP": ("Singapore",),
    "LKA": ("Sri Lanka", "SriLanka"),
    "SYR": ("Syria", "Syrian Arab Republic", "Siria"),
    "TWN": ("Taiwan", "Taiwan, Province of China"),
    "TJK": ("Tajikistan",),
    "THA": ("Thailand",),
    "TLS": ("Timor-Leste",),
    "TUR": ("Turkey", "Turchia"),
    "TKM": ("Turkmenistan",),
    "ARE": ("United Arab Emirates", "UArabEmir"),
    "UZB": ("Uzbekistan",),
    "VNM": ("Vietnam", "VietNam", "Viet Nam"),
    "YEM": ("Yemen", "YemenAR"),
    # --- Oceania
    "AUS": ("Australia",),
    "COK": ("Cook Islands",),
    "FJI": ("Fiji",),
    "KIR": ("Kiribati",),
    "MHL": ("Marshall Islands", "MarshallIs"),
    "FSM": ("Micronesia", "Micronesia (Federated States of)", "Micronesia, Federated States of"),
    "NZL": ("New Zealand", "NewZealand"),
    "NRU": ("Nauru",),
    "NIU": ("Niue",),
    "PLW": ("Palau",),
    "PNG": ("Papua New Guinea", "PapuaNG"),
    "WSM": ("Samoa",),
    "SLB": ("Solomon Islands", "SolomanIs", "Solomon Island"),
    "TON": ("Tonga",),
    "VUT": ("Vanuatu",),
}

#: COW country code -> ISO3, for the codes the Stata files and the 3P CSV use. 1000-1003 are not
#: COW codes but the Scorecard project's own (Hong Kong, Kosovo, Macau, Serbia; COW has 345 and
#: 347, which the 3P CSV uses for Kosovo).
COW: dict[int, str] = {
    2: "USA", 20: "CAN", 31: "BHS", 40: "CUB", 41: "HTI", 42: "DOM", 51: "JAM", 52: "TTO",
    53: "BRB", 54: "DMA", 55: "GRD", 56: "LCA", 57: "VCT", 58: "ATG", 60: "KNA", 70: "MEX",
    80: "BLZ", 90: "GTM", 91: "HND", 92: "SLV", 93: "NIC", 94: "CRI", 95: "PAN", 100: "COL",
    101: "VEN", 110: "GUY", 115: "SUR", 130: "ECU", 135: "PER", 140: "BRA", 145: "BOL",
    150: "PRY", 155: "CHL", 160: "ARG", 165: "URY",
    200: "GBR", 205: "IRL", 210: "NLD", 211: "BEL", 212: "LUX", 220: "FRA", 225: "CHE",
    230: "ESP", 235: "PRT", 255: "DEU", 290: "POL", 305: "AUT", 310: "HUN", 316: "CZE",
    317: "SVK", 325: "ITA", 338: "MLT", 339: "ALB", 341: "MNE", 343: "MKD", 344: "HRV",
    346: "BIH", 349: "SVN", 350: "GRC", 352: "CYP", 355: "BGR", 359: "MDA", 360: "ROU",
    365: "RUS", 366: "EST", 367: "LVA", 368: "LTU", 369: "UKR", 370: "BLR", 371: "ARM",
    372: "GEO", 373: "AZE", 375: "FIN", 380: "SWE", 385: "NOR", 390: "DNK", 395: "ISL",
    402: "CPV", 403: "STP", 404: "GNB", 411: "GNQ", 420: "GMB", 432: "MLI", 433: "SEN",
    434: "BEN", 435: "MRT", 436: "NER", 437: "CIV", 438: "GIN", 439: "BFA", 450: "LBR",
    451: "SLE", 452: "GHA", 461: "TGO", 471: "CMR", 475: "NGA", 481: "GAB", 482: "CAF",
    483: "TCD", 484: "COG", 490: "COD", 500: "UGA", 501: "KEN", 510: "TZA", 516: "BDI",
    517: "RWA", 520: "SOM", 522: "DJI", 530: "ETH", 531: "ERI", 540: "AGO", 541: "MOZ",
    551: "ZMB", 552: "ZWE", 553: "MWI", 560: "ZAF", 565: "NAM", 570: "LSO", 571: "BWA",
    572: "SWZ", 580: "MDG", 581: "COM", 590: "MUS", 591: "SYC",
    600: "MAR", 615: "DZA", 616: "TUN", 620: "LBY", 625: "SDN", 630: "IRN", 640: "TUR",
    645: "IRQ", 651: "EGY", 652: "SYR", 660: "LBN", 663: "JOR", 666: "ISR", 670: "SAU",
    679: "YEM", 690: "KWT", 692: "BHR", 694: "QAT", 696: "ARE", 698: "OMN",
    700: "AFG", 701: "TKM", 702: "TJK", 703: "KGZ", 704: "UZB", 705: "KAZ", 710: "CHN",
    712: "MNG", 713: "TWN", 731: "PRK", 732: "KOR", 740: "JPN", 750: "IND", 760: "BTN",
    770: "PAK", 771: "BGD", 775: "MMR", 780: "LKA", 781: "MDV", 790: "NPL", 800: "THA",
    811: "KHM", 812: "LAO", 816: "VNM", 820: "MYS", 830: "SGP", 835: "BRN", 840: "PHL",
    850: "IDN", 860: "TLS", 900: "AUS", 910: "PNG", 920: "NZL", 935: "VUT", 940: "SLB",
    946: "KIR", 950: "FJI", 955: "TON", 983: "MHL", 986: "PLW", 987: "FSM", 990: "WSM",
    347: "XKX", 1000: "HKG", 1001: "XKX", 1002: "MAC", 1003: "SRB",
}

#: ISO 3166-1 alpha-2 -> alpha-3, for the codes the sources give (the Italian ministry's
#: nationalities, coded by ondata).
ALPHA2: dict[str, str] = {
    "AF": "AFG", "BD": "BGD", "BF": "BFA", "CI": "CIV", "CM": "CMR", "DZ": "DZA", "EG": "EGY",
    "ER": "ERI", "ET": "ETH", "GM": "GMB", "GN": "GIN", "IQ": "IRQ", "IR": "IRN", "MA": "MAR",
    "ML": "MLI", "NG": "NGA", "PK": "PAK", "SD": "SDN", "SN": "SEN", "SO": "SOM", "SY": "SYR",
    "TN": "TUN", "TR": "TUR", "UA": "UKR",
}

_SPACES = re.compile(r"[\s\u00a0]+")


def clean(name: str) -> str:
    """A name with its white space normalised (trailing spaces, no-break spaces), nothing else."""
    return _SPACES.sub(" ", name).strip()


def _by_name() -> dict[str, str]:
    table: dict[str, str] = {}
    for code, spellings in SPELLINGS.items():
        for spelling in spellings:
            if clean(spelling) in table:
                raise ValueError(f"{spelling!r} is listed under {table[clean(spelling)]} and {code}")
            table[clean(spelling)] = code
    return table


BY_NAME = _by_name()


def iso3(names: Iterable[str], source_id: str, path: str | Path) -> list[str]:
    """The ISO3 code of each name; every unknown name is reported at once, with the file."""
    names = [clean(str(name)) for name in names]
    unknown = sorted({name for name in names if name not in BY_NAME})
    if unknown:
        raise SourceFormatError(
            source_id, Path(path), f"no ISO3 code for country name(s) {unknown}",
            f"Add each name under its ISO 3166-1 alpha-3 code to SPELLINGS in {HINT} "
            "(after checking which country the source means)",
        )
    return [BY_NAME[name] for name in names]


def iso3_from_cow(codes: Iterable[int], names: Iterable[str], source_id: str,
                  path: str | Path) -> list[str]:
    """ISO3 from COW codes, each checked against the name the same row gives.

    The code is the key the Stata files are built on; the name must point to the same country,
    so that a mistyped code cannot silently move a row to another country.
    """
    return _checked([int(code) for code in codes], names, COW, "COW", source_id, path)


def iso3_from_alpha2(codes: Iterable[str], names: Iterable[str], source_id: str,
                     path: str | Path) -> list[str]:
    """ISO3 from ISO alpha-2 codes, each checked against the name the same row gives (the
    codes were added by a third party beside the publisher's names)."""
    return _checked([str(code).strip() for code in codes], names, ALPHA2, "ALPHA2", source_id, path)


def _checked(codes: list, names: Iterable[str], table: dict, table_name: str, source_id: str,
             path: str | Path) -> list[str]:
    """``table[code]`` for each code, refused where the code is unknown or its row's name
    points to another country."""
    names = [clean(str(name)) for name in names]
    by_name = iso3(names, source_id, path)
    unknown = sorted({code for code in codes if code not in table})
    if unknown:
        raise SourceFormatError(source_id, Path(path), f"no ISO3 code for {table_name} code(s) {unknown}",
                                f"Add each code and its ISO3 code to {table_name} in {HINT}")
    clash = sorted({(code, name) for code, name, named in zip(codes, names, by_name) if table[code] != named})
    if clash:
        code, name = clash[0]
        raise SourceFormatError(
            source_id, Path(path),
            f"{table_name} code {code} ({table[code]}) and the name {name!r} ({BY_NAME[name]}) disagree"
            + (f", and {len(clash) - 1} more pair(s)" if len(clash) > 1 else ""),
            f"Check the file; correct {table_name} or SPELLINGS in {HINT} if the table is wrong",
        )
    return [table[code] for code in codes]


def iso3_series(names: pd.Series, source_id: str, path: str | Path) -> pd.Series:
    """:func:`iso3` for a column, keeping its index."""
    return pd.Series(iso3(names, source_id, path), index=names.index, dtype=str)
