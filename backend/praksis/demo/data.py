"""The municipalities, kerneopgaver and people of the demo, drawn from the seed texts.

Hedensted's four kerneopgaver and their citizen outcomes are quoted from its note
"Kultur- og kompetenceudviklingsforløb" (28.1.2015). The people are invented.
"""

from __future__ import annotations

from dataclasses import dataclass

from praksis.municipalities.models import Country


@dataclass(frozen=True)
class DemoMunicipality:
    country: Country
    official_code: str
    name: str
    time_zone: str


@dataclass(frozen=True)
class DemoKerneopgave:
    title: str
    citizen_outcome: str
    description: str


@dataclass(frozen=True)
class DemoPerson:
    municipality_id: str
    subject: str
    name: str
    job_title: str
    roles: tuple[str, ...]


CPH = "Europe/Copenhagen"

MUNICIPALITIES = (
    DemoMunicipality(Country.DK, "0766", "Hedensted", CPH),
    DemoMunicipality(Country.DK, "0615", "Horsens", CPH),
    DemoMunicipality(Country.DK, "0461", "Odense", CPH),
    DemoMunicipality(Country.DK, "0410", "Middelfart", CPH),
    DemoMunicipality(Country.DK, "0820", "Vesthimmerland", CPH),
    DemoMunicipality(Country.DK, "0746", "Skanderborg", CPH),
    # The seven municipalities of KL's pilot "Fremtidens teknik- og miljømedarbejder"
    # (Middelfart is one of them too).
    DemoMunicipality(Country.DK, "0320", "Faxe", CPH),
    DemoMunicipality(Country.DK, "0210", "Fredensborg", CPH),
    DemoMunicipality(Country.DK, "0860", "Hjørring", CPH),
    DemoMunicipality(Country.DK, "0370", "Næstved", CPH),
    DemoMunicipality(Country.DK, "0230", "Rudersdal", CPH),
    DemoMunicipality(Country.DK, "0573", "Varde", CPH),
    DemoMunicipality(Country.NO, "0301", "Oslo", "Europe/Oslo"),
)

HEDENSTED = "dk-0766"

HEDENSTED_KERNEOPGAVER = (
    DemoKerneopgave(
        "Fritid & Fællesskab",
        "At man både kan bidrage til og deltage i fællesskabet og de fælles muligheder, "
        "så man selv (og andre borgere) har et godt liv.",
        "Fritid, kultur og fællesskaber, som borgerne er medskabere af.",
    ),
    DemoKerneopgave(
        "Læring",
        "At barnet eller den unge bliver klar til en uddannelse eller et arbejde.",
        "Dagtilbud, skole og ungdomsuddannelse.",
    ),
    DemoKerneopgave(
        "Beskæftigelse",
        "At det enkelte menneske kommer i job eller uddannelse som gør, at man kan klare "
        "sig selv økonomisk.",
        "Jobcenter og virksomhedssamarbejde.",
    ),
    DemoKerneopgave(
        "Social Omsorg",
        "At det enkelte menneske får den rådgivning, støtte og omsorg der gør, at han eller "
        "hun løbende udvikler sig til at kunne klare sig bedre.",
        "Ældre, handicap, psykiatri og familier.",
    ),
)

PEOPLE = (
    DemoPerson(HEDENSTED, "hedensted-hr", "Mette Højgaard", "HR-konsulent", ("hr_admin",)),
    DemoPerson(HEDENSTED, "hedensted-leder", "Jens Kjærsgaard", "Afdelingsleder", ("leader",)),
    DemoPerson(
        HEDENSTED,
        "hedensted-facilitator",
        "Birgitte Ærø",
        "Udviklingskonsulent",
        ("facilitator",),
    ),
    DemoPerson(
        HEDENSTED, "hedensted-deltager", "Søren Østergaard", "Socialrådgiver", ("participant",)
    ),
    DemoPerson(HEDENSTED, "hedensted-deltager-2", "Line Bækgaard", "Pædagog", ("participant",)),
    DemoPerson("dk-0615", "horsens-hr", "Anne Løvgren", "HR-partner", ("hr_admin",)),
    DemoPerson("dk-0615", "horsens-leder", "Kasper Damgård", "Borgerservicechef", ("leader",)),
    DemoPerson(
        "dk-0615", "horsens-deltager", "Hanne Bøgh", "Borgerservicemedarbejder", ("participant",)
    ),
    DemoPerson("dk-0461", "odense-hr", "Peter Ågård", "HR-konsulent", ("hr_admin",)),
    DemoPerson("dk-0410", "middelfart-hr", "Signe Nørgaard", "HR-konsulent", ("hr_admin",)),
    DemoPerson(
        "dk-0820", "vesthimmerland-hr", "Lone Thygesen", "Udviklingskonsulent", ("hr_admin",)
    ),
    DemoPerson("no-0301", "oslo-hr", "Kari Nordbø", "HR-rådgiver", ("hr_admin",)),
)
