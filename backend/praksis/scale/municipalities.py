"""The 98 Danish municipalities: official code (Danmarks Statistik / CPR kommunekode), name
and an approximate population (rounded, 2024), which sizes their staff in the generated data.

Christiansø (0411) is not a municipality and is left out. Ordered by code, as the country is
usually listed; ``seed-scale --municipalities N`` takes the first N.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DanishMunicipality:
    code: str
    name: str
    population: int

    @property
    def id(self) -> str:
        return f"dk-{self.code}"


DANISH_MUNICIPALITIES: tuple[DanishMunicipality, ...] = tuple(
    DanishMunicipality(code, name, population)
    for code, name, population in (
        ("0101", "København", 660_000),
        ("0147", "Frederiksberg", 104_000),
        ("0151", "Ballerup", 52_000),
        ("0153", "Brøndby", 39_000),
        ("0155", "Dragør", 14_500),
        ("0157", "Gentofte", 75_000),
        ("0159", "Gladsaxe", 70_000),
        ("0161", "Glostrup", 24_000),
        ("0163", "Herlev", 30_000),
        ("0165", "Albertslund", 28_000),
        ("0167", "Hvidovre", 54_000),
        ("0169", "Høje-Taastrup", 58_000),
        ("0173", "Lyngby-Taarbæk", 57_000),
        ("0175", "Rødovre", 41_000),
        ("0183", "Ishøj", 24_000),
        ("0185", "Tårnby", 44_000),
        ("0187", "Vallensbæk", 17_000),
        ("0190", "Furesø", 41_000),
        ("0201", "Allerød", 26_000),
        ("0210", "Fredensborg", 41_000),
        ("0217", "Helsingør", 63_000),
        ("0219", "Hillerød", 53_000),
        ("0223", "Hørsholm", 25_000),
        ("0230", "Rudersdal", 57_000),
        ("0240", "Egedal", 44_000),
        ("0250", "Frederikssund", 46_000),
        ("0253", "Greve", 51_000),
        ("0259", "Køge", 62_000),
        ("0260", "Halsnæs", 31_000),
        ("0265", "Roskilde", 90_000),
        ("0269", "Solrød", 24_000),
        ("0270", "Gribskov", 41_000),
        ("0306", "Odsherred", 33_000),
        ("0316", "Holbæk", 73_000),
        ("0320", "Faxe", 38_000),
        ("0326", "Kalundborg", 49_000),
        ("0329", "Ringsted", 36_000),
        ("0330", "Slagelse", 80_000),
        ("0336", "Stevns", 23_000),
        ("0340", "Sorø", 31_000),
        ("0350", "Lejre", 29_000),
        ("0360", "Lolland", 40_000),
        ("0370", "Næstved", 84_000),
        ("0376", "Guldborgsund", 60_000),
        ("0390", "Vordingborg", 46_000),
        ("0400", "Bornholm", 39_000),
        ("0410", "Middelfart", 39_000),
        ("0420", "Assens", 41_000),
        ("0430", "Faaborg-Midtfyn", 52_000),
        ("0440", "Kerteminde", 24_000),
        ("0450", "Nyborg", 32_000),
        ("0461", "Odense", 207_000),
        ("0479", "Svendborg", 59_000),
        ("0480", "Nordfyns", 29_000),
        ("0482", "Langeland", 12_000),
        ("0492", "Ærø", 6_000),
        ("0510", "Haderslev", 55_000),
        ("0530", "Billund", 27_000),
        ("0540", "Sønderborg", 74_000),
        ("0550", "Tønder", 37_000),
        ("0561", "Esbjerg", 115_000),
        ("0563", "Fanø", 3_500),
        ("0573", "Varde", 50_000),
        ("0575", "Vejen", 43_000),
        ("0580", "Aabenraa", 59_000),
        ("0607", "Fredericia", 52_000),
        ("0615", "Horsens", 98_000),
        ("0621", "Kolding", 95_000),
        ("0630", "Vejle", 120_000),
        ("0657", "Herning", 90_000),
        ("0661", "Holstebro", 59_000),
        ("0665", "Lemvig", 19_000),
        ("0671", "Struer", 21_000),
        ("0706", "Syddjurs", 43_000),
        ("0707", "Norddjurs", 37_000),
        ("0710", "Favrskov", 49_000),
        ("0727", "Odder", 23_000),
        ("0730", "Randers", 99_000),
        ("0740", "Silkeborg", 101_000),
        ("0741", "Samsø", 3_700),
        ("0746", "Skanderborg", 64_000),
        ("0751", "Aarhus", 367_000),
        ("0756", "Ikast-Brande", 42_000),
        ("0760", "Ringkøbing-Skjern", 56_000),
        ("0766", "Hedensted", 47_000),
        ("0773", "Morsø", 20_000),
        ("0779", "Skive", 46_000),
        ("0787", "Thisted", 43_000),
        ("0791", "Viborg", 98_000),
        ("0810", "Brønderslev", 36_000),
        ("0813", "Frederikshavn", 58_000),
        ("0820", "Vesthimmerland", 36_000),
        ("0825", "Læsø", 1_700),
        ("0840", "Rebild", 31_000),
        ("0846", "Mariagerfjord", 42_000),
        ("0849", "Jammerbugt", 38_000),
        ("0851", "Aalborg", 222_000),
        ("0860", "Hjørring", 64_000),
    )
)
