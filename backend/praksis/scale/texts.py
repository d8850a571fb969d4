"""The words of the generated municipalities: organisation, programmes and what people write.

Programme titles follow the kinds of offers Danish municipalities run (udviklingsforløb,
kompetencegivende uddannelser, kurser, temadage, netværk); names of people are invented.
"""

from __future__ import annotations

from dataclasses import dataclass

from praksis.programmes.models import Grading, ProgrammeKind


@dataclass(frozen=True)
class Forvaltning:
    name: str
    afdelinger: tuple[str, ...]
    job_titles: tuple[str, ...]
    share: float  # of the municipality's staff


FORVALTNINGER = (
    Forvaltning(
        "Social og Sundhed",
        (
            "Hjemmeplejen",
            "Plejecentre",
            "Handicap og Psykiatri",
            "Sundhed og Forebyggelse",
            "Myndighed Voksne",
            "Træning og Rehabilitering",
        ),
        (
            "Social- og sundhedsassistent",
            "Social- og sundhedshjælper",
            "Sygeplejerske",
            "Ergoterapeut",
            "Fysioterapeut",
            "Socialpædagog",
        ),
        0.34,
    ),
    Forvaltning(
        "Børn og Unge",
        (
            "Dagtilbud",
            "Skoler",
            "PPR",
            "Familie og Forebyggelse",
            "Sundhedsplejen",
            "Ungdomsskolen",
        ),
        ("Pædagog", "Lærer", "Psykolog", "Socialrådgiver", "Sundhedsplejerske"),
        0.30,
    ),
    Forvaltning(
        "Borgerservice og Administration",
        ("Borgerservice", "HR og Udvikling", "Økonomi", "Digitalisering"),
        ("Borgerservicemedarbejder", "Administrativ medarbejder", "Økonomikonsulent"),
        0.11,
    ),
    Forvaltning(
        "Beskæftigelse",
        ("Jobcenter", "Ydelsesservice", "Virksomhedsservice", "Ungeindsatsen"),
        ("Jobkonsulent", "Sagsbehandler", "Virksomhedskonsulent"),
        0.11,
    ),
    Forvaltning(
        "Teknik og Miljø",
        ("Byg og Plan", "Natur og Miljø", "Vej og Park", "Ejendomme"),
        ("Ingeniør", "Byggesagsbehandler", "Miljømedarbejder", "Vejmand"),
        0.09,
    ),
    Forvaltning(
        "Kultur og Fritid",
        ("Biblioteker", "Kultur og Events", "Idræt og Foreninger"),
        ("Bibliotekar", "Kulturmedarbejder", "Fritidskonsulent"),
        0.05,
    ),
)
HR_AFDELING = "HR og Udvikling"
DISTRICTS = ("Nord", "Syd", "Øst", "Vest", "Midt", "By", "Land", "Centrum")

FIRST_NAMES = (
    "Anne", "Mette", "Hanne", "Susanne", "Lene", "Marianne", "Camilla", "Louise", "Pia",
    "Charlotte", "Maria", "Tina", "Helle", "Bente", "Gitte", "Ida", "Emma", "Sofie", "Julie",
    "Line", "Karen", "Birgitte", "Dorthe", "Vibeke", "Åse", "Signe", "Maja", "Rikke",
    "Peter", "Jens", "Lars", "Michael", "Henrik", "Søren", "Thomas", "Niels", "Jesper",
    "Rasmus", "Martin", "Anders", "Morten", "Jakob", "Kasper", "Mads", "Frederik", "Ole",
    "Torben", "Jørgen", "Bjørn", "Kristian", "Mikkel", "Emil", "Hans", "Christian",
)  # fmt: skip
LAST_NAMES = (
    "Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen",
    "Sørensen", "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen",
    "Thomsen", "Christiansen", "Poulsen", "Johansen", "Møller", "Mortensen", "Knudsen",
    "Jakobsen", "Mikkelsen", "Østergaard", "Nørgaard", "Bøgh", "Kjær", "Højgaard", "Dahl",
    "Lund", "Krogh", "Brøndum", "Mølgaard", "Thygesen", "Ærø", "Åkjær", "Frandsen", "Holm",
)  # fmt: skip

KERNEOPGAVER = (
    (
        "Fritid & Fællesskab",
        "At man både kan bidrage til og deltage i fællesskabet og de fælles muligheder, "
        "så man selv (og andre borgere) har et godt liv.",
        "Fritid, kultur og fællesskaber, som borgerne er medskabere af.",
    ),
    (
        "Læring",
        "At barnet eller den unge bliver klar til en uddannelse eller et arbejde.",
        "Dagtilbud, skole og ungdomsuddannelse.",
    ),
    (
        "Beskæftigelse",
        "At det enkelte menneske kommer i job eller uddannelse som gør, at man kan klare "
        "sig selv økonomisk.",
        "Jobcenter og virksomhedssamarbejde.",
    ),
    (
        "Social Omsorg",
        "At det enkelte menneske får den rådgivning, støtte og omsorg der gør, at han eller "
        "hun løbende udvikler sig til at kunne klare sig bedre.",
        "Ældre, handicap, psykiatri og familier.",
    ),
)


@dataclass(frozen=True)
class ModuleTemplate:
    title: str
    goal: str
    themes: tuple[str, ...]


@dataclass(frozen=True)
class ProgrammeTemplate:
    title: str
    description: str
    kind: ProgrammeKind
    grading: Grading
    modules: tuple[ModuleTemplate, ...]
    workshops_per_module: int
    kerneopgaver: tuple[int, ...]  # positions in KERNEOPGAVER
    justification_min_length: int  # 0: no written justification asked for
    cohort_sizes: tuple[int, int] | None  # the programme's (min, max) cohort size rule


def _module(title: str, goal: str, *themes: str) -> ModuleTemplate:
    return ModuleTemplate(title, goal, themes)


SAMARBEJDE = _module(
    "Modul 1: Samarbejde om bevægelsen for borgeren",
    "Samarbejde i organisationen om bevægelsen for borgeren.",
    "Nye roller / Playmaker",
    "Relationel koordinering",
    "Forandringsledelse",
)
SAMSKABELSE = _module(
    "Modul 2: Samskabelse",
    "Samskabelse med familie, borgere, lokalsamfund og erhvervsliv.",
    "Design thinking",
    "Samskabelse",
    "Den svære samtale",
)
AFPROEVNING = _module(
    "Modul 3: Afprøvning og forankring",
    "Prøvehandlinger i hverdagen, evaluering og forankring i teamet.",
    "Prøvehandlinger",
    "Evaluering",
    "Forankring",
)
GRUNDLAG = _module(
    "Modul 1: Fagligt grundlag",
    "Det faglige og lovgivningsmæssige grundlag for opgaven.",
    "Lovgivning",
    "Faglig dokumentation",
)
PRAKSIS = _module(
    "Modul 2: Praksis og refleksion",
    "Metoder afprøvet i egen praksis, med refleksion i læringsgruppen.",
    "Metode",
    "Refleksion",
)
EKSAMEN = _module(
    "Modul 3: Projekt og eksamen",
    "Et udviklingsprojekt fra egen arbejdsplads, afsluttet med eksamen.",
    "Projektarbejde",
    "Eksamen",
)
DAG = _module("Dagens program", "Fælles sprog og konkrete værktøjer.", "Oplæg", "Øvelser")

PROGRAMMES = (
    ProgrammeTemplate(
        "Relationel koordinering i hverdagen",
        "Udviklingsforløb om fælles mål, fælles viden og gensidig respekt på tværs af faggrupper.",
        ProgrammeKind.udviklingsforloeb,
        Grading.none,
        (SAMARBEJDE, SAMSKABELSE),
        2,
        (3, 2),
        80,
        (12, 24),
    ),
    ProgrammeTemplate(
        "Samskabelse med borgere og civilsamfund",
        "Forløb med træning og praksisudvikling: fra at levere løsninger til at skabe dem "
        "sammen med borgere, frivillige og virksomheder.",
        ProgrammeKind.udviklingsforloeb,
        Grading.none,
        (SAMARBEJDE, SAMSKABELSE, AFPROEVNING),
        2,
        (0, 3),
        80,
        None,
    ),
    ProgrammeTemplate(
        "Akademiuddannelse i offentlig forvaltning og administration",
        "Kompetencegivende uddannelse på akademiniveau med eksamen på 7-trinsskalaen.",
        ProgrammeKind.kompetencegivende_uddannelse,
        Grading.danish_7_point,
        (GRUNDLAG, PRAKSIS, EKSAMEN),
        2,
        (2,),
        40,
        (10, 28),
    ),
    ProgrammeTemplate(
        "Rehabilitering og hverdagsmestring",
        "Udviklingsforløb om borgerens egne mål i hjemmeplejen og på plejecentrene.",
        ProgrammeKind.udviklingsforloeb,
        Grading.none,
        (SAMARBEJDE, AFPROEVNING),
        2,
        (3,),
        80,
        None,
    ),
    ProgrammeTemplate(
        "Den svære samtale",
        "Kursus i samtaler med borgere og pårørende, der står i en svær situation.",
        ProgrammeKind.kursus,
        Grading.none,
        (DAG,),
        2,
        (3, 2),
        0,
        None,
    ),
    ProgrammeTemplate(
        "Digital borgerservice",
        "Kursus i digital vejledning og selvbetjening, afsluttet med en bestået/ikke bestået "
        "prøve.",
        ProgrammeKind.kursus,
        Grading.pass_fail,
        (GRUNDLAG, PRAKSIS),
        1,
        (2,),
        40,
        None,
    ),
    ProgrammeTemplate(
        "Tidlig indsats i dagtilbud og skole",
        "Udviklingsforløb om overgange og tidlig indsats for børn og unge.",
        ProgrammeKind.udviklingsforloeb,
        Grading.none,
        (SAMARBEJDE, SAMSKABELSE),
        2,
        (1,),
        80,
        (12, 24),
    ),
    ProgrammeTemplate(
        "Diplommodul: Ledelse af kerneopgaven",
        "Diplommodul for nøglepersoner, med eksamen på 7-trinsskalaen.",
        ProgrammeKind.kompetencegivende_uddannelse,
        Grading.danish_7_point,
        (GRUNDLAG, EKSAMEN),
        2,
        (0, 1, 2, 3),
        80,
        None,
    ),
    ProgrammeTemplate(
        "Temadag: Bæredygtig velfærd",
        "Temadag om kerneopgaven og bevægelsen for borgeren.",
        ProgrammeKind.temadag,
        Grading.none,
        (DAG,),
        1,
        (0, 1, 2, 3),
        0,
        None,
    ),
    ProgrammeTemplate(
        "Netværk for praksisvejledere",
        "Netværk, hvor praksisvejledere deler erfaringer fra prøvehandlinger.",
        ProgrammeKind.netvaerk,
        Grading.none,
        (PRAKSIS,),
        2,
        (1, 3),
        0,
        None,
    ),
    ProgrammeTemplate(
        "Virksomhedssamarbejde i jobcentret",
        "Udviklingsforløb, hvor borger, virksomhed og jobcenter designer forløbet sammen.",
        ProgrammeKind.udviklingsforloeb,
        Grading.none,
        (SAMSKABELSE, AFPROEVNING),
        2,
        (2,),
        80,
        None,
    ),
    ProgrammeTemplate(
        "Velfærdsteknologi i praksis",
        "Kursus i at tage velfærdsteknologi i brug sammen med borgeren.",
        ProgrammeKind.kursus,
        Grading.pass_fail,
        (PRAKSIS,),
        2,
        (3,),
        40,
        None,
    ),
)

KL_OFFERING = ProgrammeTemplate(
    "Ledelse af kerneopgaven – landsdækkende udviklingsforløb",
    "KL's udviklingsforløb for alle kommuner: kerneopgaven og bevægelsen for borgeren i "
    "hverdagens praksis, med mindst to deltagere fra hver afdeling.",
    ProgrammeKind.udviklingsforloeb,
    Grading.pass_fail,
    (SAMARBEJDE, SAMSKABELSE, AFPROEVNING),
    2,
    (0, 1, 2, 3),
    80,
    None,
)
HK_OFFERING = ProgrammeTemplate(
    "Specialist i borgerkontakt – national udrulning",
    "HK Kommunal og KL: kompetenceudvikling til fremtidens borgerservice, med eksamen på "
    "7-trinsskalaen.",
    ProgrammeKind.kompetencegivende_uddannelse,
    Grading.danish_7_point,
    (GRUNDLAG, PRAKSIS, EKSAMEN),
    2,
    (2,),
    40,
    None,
)

JUSTIFICATIONS = (
    "Teamet skal flytte sig fra at definere løsninger til at facilitere dem sammen med "
    "borgerne; forløbet giver værktøjer til netop den bevægelse i vores daglige praksis.",
    "Vi arbejder med bevægelsen for borgeren og mangler et fælles sprog for samskabelse; "
    "deltageren skal drive vores prøvehandlinger med pårørende og frivillige.",
    "Afdelingens aktuelle udfordring er relationel koordinering på tværs af myndighed og "
    "udførelse; forløbet kobler direkte til vores udviklingsprojekt om sammenhængende forløb.",
    "Borgerne møder for mange forskellige medarbejdere; deltageren skal være med til at "
    "samle indsatsen omkring borgerens egne mål i teamets hverdag.",
)
TEAM_CHALLENGES = (
    "At omsætte Bæredygtig Velfærd til hverdagens praksis.",
    "Færre overdragelser og mere sammenhæng for borgeren.",
    "At inddrage pårørende og frivillige tidligere.",
    "",
)
DECLINE_NOTES = (
    "Ikke plads i denne omgang; prioriteres næste hold.",
    "Forløbet passer ikke til teamets udfordring lige nu.",
    "",
)
WITHDRAW_NOTES = ("Orlov.", "Skiftet job.", "Opgaverne i teamet tillader det ikke nu.", "")

PROJECTS = (
    (
        "Foreningerne som medskabere",
        "Frivillige foreninger oplever kommunen som myndighed, ikke som partner.",
        "Tre foreninger tager selv ansvar for et fælles tilbud til ensomme ældre.",
    ),
    (
        "Overgangen fra skole til ungdomsuddannelse",
        "Unge i risiko for frafald mødes af mange forskellige voksne uden sammenhæng.",
        "Hver ung har én fast voksen, som koordinerer med skole, UU og familie.",
    ),
    (
        "Virksomheden som samarbejdspartner",
        "Ledige borgere sendes i forløb, der ikke fører til job.",
        "Borgeren og virksomheden designer selv praktikforløbet sammen med jobcentret.",
    ),
    (
        "Borgerens egne mål i hjemmeplejen",
        "Hjælpen planlægges ud fra ydelser, ikke ud fra det borgeren selv vil kunne.",
        "Hver borger har et mål, som borger, pårørende og medarbejder arbejder mod sammen.",
    ),
)
TRIAL_ACTIONS = (
    (
        "Samtale om borgerens egne mål",
        ["citizens", "colleagues"],
        "Vi lyttede mere end vi talte; borgeren foreslog selv to af løsningerne.",
        "Det svære var at lade være med at byde ind med svar.",
    ),
    (
        "Fælles møde med foreninger og virksomheder",
        ["citizens", "partners"],
        "Deltagerne fandt selv en fælles opgave; vi faciliterede i stedet for at definere.",
        "Mødeformen virkede. Vi skal sikre opfølgning, så energien ikke forsvinder.",
    ),
    (
        "Tavlemøde på tværs af faggrupper",
        ["colleagues"],
        "Vi fik fælles overblik over borgerens mål på ti minutter.",
        "Vi skal have myndighed med næste gang.",
    ),
    (
        "Pårørende med i planlægningen",
        ["citizens"],
        "Datteren tog selv ansvar for indkøb; borgeren fik mere ro.",
        "Vi skal spørge tidligere i forløbet.",
    ),
    (
        "Praktik designet af borgeren",
        ["citizens", "partners"],
        "Borgeren valgte selv arbejdsopgaverne sammen med virksomheden.",
        "Virksomheden vil gerne gentage det.",
    ),
)
WHAT_WORKED = (
    "Du gav borgeren plads til selv at formulere målet.",
    "Rigtig god forberedelse; mødet havde et klart formål.",
    "Du turde prøve noget nyt foran kollegaerne.",
    "Du fulgte op på aftalerne, så alle vidste, hvad der skulle ske.",
)
TRY_NEXT = (
    "Prøv at spørge 'hvad vil du gerne kunne om et halvt år?' tidligere i samtalen.",
    "Aftal en konkret opfølgning inden mødet slutter.",
    "Inddrag en kollega fra myndighed næste gang.",
    "Lad borgeren lede mødet næste gang.",
)
EVALUATION_COMMENTS = (
    "Meget relevant for min hverdag.",
    "Godt med tid til læringsgruppen.",
    "Lidt for meget teori om formiddagen.",
    "Jeg fik konkrete værktøjer med hjem.",
)
TRANSFER_EXAMPLES = (
    "Jeg bruger målsamtalen med alle nye borgere.",
    "Vi holder tavlemøde hver morgen på tværs af faggrupper.",
    "Jeg inddrager pårørende fra første møde.",
    "",
)
OUTCOMES = (
    "Borgerne er med til at sætte målene; det er blevet vores måde at arbejde på.",
    "Forankret i teamets faste møder.",
)
LOCATIONS = ("Rådhuset, mødelokale 1", "Kulturhuset", "Uddannelsescentret", "Sundhedshuset")
