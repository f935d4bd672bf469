"""Attribute GLOTIP's free-text citizenship categories to African Rabat Process countries.

The "by citizenship" rows of the GLOTIP export name the victims' citizenship as each reporting
country wrote it: country names, demonyms, plurals, other languages and mangled accents
("Nigerians", "Marocco", "Costa d'Avorio", "C\ufffdte d\ufffdIvoire"). Only the African partner
and observer countries are attributed, from the spellings actually found in the 2023 and 2025
exports; anything else ("Africa", "Nigerin", "Unknown") stays unattributed, and the figures say
how much that is. Attribution never guesses from partial matches.
"""
from __future__ import annotations

import re
import unicodedata

_SPELLINGS = {
    "DZA": ["Algeria", "Algerian", "Algerians"],
    "BEN": ["Benin", "Beninese", "Beninoise"],
    "BFA": ["Burkina Faso", "Burkinabe"],
    "CMR": ["Cameroon", "Cameroonian", "Cameroun"],
    "CPV": ["Cabo Verde", "Cape Verde", "Cape Ver"],
    "TCD": ["Chad", "Chadian"],
    "COG": ["Congo", "Republic of the Congo"],
    "CIV": ["Cote d'Ivoire", "Côte d’Ivoire", "C\ufffdte d\ufffdIvoire", "Ivory Coast",
            "Costa d'Avorio", "Ivorian"],
    "GAB": ["Gabon", "Gabonese"],
    "GMB": ["Gambia", "Gambian"],
    "GHA": ["Ghana", "Ghanaian", "Ghanean"],
    "GIN": ["Guinea", "Guinean"],
    "GNQ": ["Equatorial Guinea"],
    "GNB": ["Guinea-Bissau"],
    "LBR": ["Liberia", "Liberian"],
    "LBY": ["Libya", "Lybia", "Lybians", "Libyan"],
    "MLI": ["Mali", "Malian"],
    "MAR": ["Morocco", "Moroccan", "Marocco", "Marruecos", "Maroc"],
    "MRT": ["Mauritania", "Mauritanian"],
    "NER": ["Niger"],
    "NGA": ["Nigeria", "Nigerian", "Nigerians"],
    "CAF": ["Central African Republic", "CAR"],
    "COD": ["Democratic Republic of the Congo", "Congolese (DRC)", "Dr Kongo"],
    "SEN": ["Senegal", "Senegalese"],
    "STP": ["Sao Tome", "Sao Tome and Principe"],
    "SLE": ["Sierra Leone", "Sierra Leonean"],
    "TGO": ["Togo", "Togolese"],
    "TUN": ["Tunisia", "Tunisa", "Tunisie", "Tunisian"],
}


def _key(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", ascii_text.lower())


_BY_KEY = {_key(spelling): iso3 for iso3, spellings in _SPELLINGS.items() for spelling in spellings}


def african_rabat_iso3(category: object) -> str | None:
    """The ISO3 code of the African partner or observer country a category names, if any."""
    if not isinstance(category, str):
        return None
    return _BY_KEY.get(_key(category))
