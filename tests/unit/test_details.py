"""The detail reader: who writes, what they ask for, and the shape of the message."""

from __future__ import annotations

import pytest

from obm_bot.catalogue.models import Catalogue
from obm_bot.understanding.details import DetailReader, split_needs
from obm_bot.understanding.lexicon import DUTCH_PLACES
from obm_bot.understanding.normalise import normalise
from obm_bot.understanding.result import Details

MEMBERS = [
    ("Bouwmeester Metaal", ["bouwmeester", "bouwmeester metaalbewerking"]),
    ("Van Dam Constructie", ["van dam", "van dam staalbouw"]),
    ("Hengelo Plaatwerk", ["hpw", "hengelo plaatwerk bv"]),
]


@pytest.fixture(scope="module")
def reader(catalogue: Catalogue) -> DetailReader:
    vocabulary = {
        word
        for course in catalogue.courses
        for phrase in (course.title, *course.aliases)
        for word in normalise(phrase).words
    }
    return DetailReader(
        MEMBERS,
        [(p.id, p.name) for p in catalogue.providers],
        catalogue.places() | set(DUTCH_PLACES),
        known_words=vocabulary,
    )


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("ik ben eigenaar van een klein constructiebedrijf", "werkgever"),
        ("wij hebben 14 man in dienst", "werkgever"),
        ("voor mijn personeel", "werkgever"),
        ("ik ben directeur", "werkgever"),
        ("we hebben zo'n 30 mensen in dienst en zoeken een vca cursus", "werkgever"),
        ("Hoi, ik doe de opleidingen voor onze medewerkers", "werkgever"),
        ("ik werk als monteur bij van dam", "werknemer"),
        ("mijn baas wil dat ik", "werknemer"),
        ("ik ben lasser en wil graag mijn certificaat halen", "werknemer"),
        ("mijn leidinggevende zei dat ik moest vragen", "werknemer"),
        ("ik ben techniekdocent op het vmbo", "school"),
        ("wij zijn een mbo school", "school"),
        ("ik ben leraar metaal en zoek iets voor mijn klas", "school"),
        ("ik ben bbl leerling", "leerling"),
        ("ik zit in het 2e jaar bbl", "leerling"),
        ("ik ben tweedejaars student en mijn leerbedrijf vraagt", "leerling"),
        ("ik zoek een lascursus", None),
        ("wat kost vca", None),
    ],
)
def test_role(reader: DetailReader, text: str, role: str | None) -> None:
    assert reader.read(text).role == role


@pytest.mark.parametrize(
    ("text", "company", "member"),
    [
        ("Goedemorgen, met Jeroen de Wit van Bouwmeester Metaal.", "Bouwmeester Metaal", True),
        ("van dam constructie, had ik al gezegd", "Van Dam Constructie", True),
        ("Bouwmeester Metaal. staat er toch", "Bouwmeester Metaal", True),
        ("bij bouwmeester", "Bouwmeester Metaal", True),
        ("hpw", "Hengelo Plaatwerk", True),
        ("HPW hier, we zoeken een heftruckcursus", "Hengelo Plaatwerk", True),
        ("ik werk bij bouwmeestr metaal", "Bouwmeester Metaal", True),
        ("wij zijn van dam staalbouw uit rotterdam", "Van Dam Constructie", True),
        ("Hengelo Plaatwerk", "Hengelo Plaatwerk", True),
        ("ik werk bij Smederij Jansen in Almelo", "Smederij Jansen", False),
        ("van Metaalwerken De Vries BV", "Metaalwerken De Vries BV", False),
        ("ik werk bij smederij jansen", "smederij jansen", False),
        ("namens Kuipers Techniek wil ik iets vragen", "Kuipers Techniek", False),
        ("Groeten van Jansen Staalbouw B.V.", "Jansen Staalbouw B.V.", False),
        ("Hallo, ik ben Sanne Mulder van Techniek Twente BV", "Techniek Twente BV", False),
        (
            "goedemiddag, u spreekt met Ahmed. Ik werk bij Jansen Machinebouw in Oss",
            "Jansen Machinebouw",
            False,
        ),
        ("in Hengelo", None, False),
        ("ik ben eigenaar van een klein constructiebedrijf", None, False),
        ("bij SMEOT in Hengelo", None, False),
        ("Ik wil Bram en Ties aanmelden voor TIG lassen", None, False),
        ("bij ons op de zaak", None, False),
    ],
)
def test_company(reader: DetailReader, text: str, company: str | None, member: bool) -> None:
    found = reader.read(text)
    assert (found.company, found.member) == (company, member)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Goedemorgen, met Jeroen de Wit van Bouwmeester Metaal", "Jeroen de Wit"),
        ("ik ben Piet Jansen", "Piet Jansen"),
        ("mijn naam is Fatima el Amrani", "Fatima el Amrani"),
        ("Ik zoek een heftruckcursus voor 2 man.\ngroet, Kees Bakker", "Kees Bakker"),
        ("kan dat in de avond? mvg Kees", "Kees"),
        ("hoi met sanne van der berg, ik heb een vraag", "Sanne van der Berg"),
        ("ik heet Mohamed en werk bij van dam", "Mohamed"),
        ("Met vriendelijke groet,\nAnnelies Smit", "Annelies Smit"),
        ("ik ben eigenaar", None),
        ("ik ben bbl leerling", None),
        ("ik ben op zoek naar een cursus", None),
        ("met 3 man willen we vca doen", None),
        (
            "wij willen 3 man op mig mag, Bouwmeester Metaal, Jan de Vries 0612345678",
            "Jan de Vries",
        ),
        ("my name is Piotr Nowak, company Bouwmeester Metaal", "Piotr Nowak"),
        ("I am Polish and I need the vca", None),
    ],
)
def test_name(reader: DetailReader, text: str, name: str | None) -> None:
    assert reader.read(text).name == name


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("Mijn nummer is 06-12345678.", "06-12345678"),
        ("staat in mijn eerste bericht.. 010-4567890", "010-4567890"),
        ("06 12 34 56 78", "06 12 34 56 78"),
        ("0612345678", "0612345678"),
        ("+31 6 12345678", "+31 6 12345678"),
        ("bel me op 074-2501234 (mobiel)", "074-2501234"),
        ("je kunt me bellen: 0031 6 1234 5678", "0031 6 1234 5678"),
        ("de cursus kost € 1.100 per persoon", None),
        ("kan het op 12-03-2027?", None),
        ("ons adres is Industrieweg 12, 7554 AB Hengelo", None),
        ("3 man", None),
        ("inkoopnummer 4500123", None),
    ],
)
def test_phone(reader: DetailReader, text: str, phone: str | None) -> None:
    assert reader.read(text).phone == phone


def test_email(reader: DetailReader) -> None:
    assert reader.read("mail maar naar piet@bouwmeester.nl aub").email == "piet@bouwmeester.nl"
    assert reader.read("ik heb geen mail").email is None


@pytest.mark.parametrize(
    ("text", "names", "count"),
    [
        ("Ik wil Bram en Ties aanmelden voor TIG lassen", ["Bram", "Ties"], 2),
        ("twee, Bram en Ties", ["Bram", "Ties"], 2),
        (
            "Goedemorgen, met Jeroen de Wit van Bouwmeester Metaal. Ik wil Bram en Ties "
            "aanmelden voor TIG lassen",
            ["Bram", "Ties"],
            2,
        ),
        ("Bram, Ties en Sem willen graag VCA doen", ["Bram", "Ties", "Sem"], 3),
        ("graag Pieter de Vries inschrijven bij SMEOT in Hengelo", ["Pieter de Vries"], 1),
        ("Schrijf Lotte Jansen in voor Excel, groet Kees", ["Lotte Jansen"], 1),
        ("Excel en Word voor 2 man", [], 2),
        ("Lassen in Hengelo of Almelo", [], None),
    ],
)
def test_participant_names(
    reader: DetailReader, text: str, names: list[str], count: int | None
) -> None:
    found = reader.read(text)
    assert found.participant_names == names
    assert found.participants == count


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("3 man", 3),
        ("voor 2 collega's", 2),
        ("een stuk of vijf", 5),
        ("nee 4 man niet 3", 4),
        ("o wacht nee 4 man niet 3. overdag is prima", 4),
        ("nee toch 5, de stagiair moet ook", 5),
        ("3 zei ik toch al", 3),
        ("met z'n vieren", 4),
        ("niet 3 maar 4 monteurs", 4),
        ("zo'n 6 mensen", 6),
        ("wij hebben 14 man in dienst", None),
        ("wij hebben ca 40 man personeel, we willen 8 man naar een bhv herhaling", 8),
        ("de cursus duurt 3 dagen", None),
        ("meld mij maar aan", 1),
        ("kost € 1.100 per persoon?", None),
        ("twee jongens en een meid willen de vca doen", 3),
        ("twee monteurs en ik", 3),
        ("3 lassers en 2 monteurs", 5),
        ("ikzelf plus twee collega's", 3),
        ("een man of zes voor nen 3140", 6),
        ("een paar man, zeg 4", 4),
        ("wij hebben 12 man in dienst en 4 daarvan moeten vca", 4),
        ("5mm plaat lassen voor 2 jongens", 2),
        ("voor 1 januari moeten 3 man bhv hebben", 3),
        ("bhv voor 3", 3),
        ("voor 3 man en ik wil graag s avonds", 3),
        ("for me and 2 colleagues", 3),
        ("two operators and one welder", 3),
        ("training for our team of 8", 8),
        ("my colleague and me want to do the course", 2),
        ("een heftruckcursus voor 1", 1),
        ("de cursus is voor 3 januari", None),
    ],
)
def test_participants(reader: DetailReader, text: str, count: int | None) -> None:
    assert reader.read(text).participants == count


@pytest.mark.parametrize(
    ("text", "schedule", "ruled_out"),
    [
        ("in de avond", "avond", []),
        ("liever in de avond", "avond", []),
        ("overdag is prima", "dag", []),
        ("overdag kan niet", None, ["dag"]),
        ("niet overdag, liever s avonds", "avond", ["dag"]),
        ("niet overdag liever 's avonds", "avond", ["dag"]),
        ("overdag niet", None, ["dag"]),
        ("in het weekend", "weekend", []),
        ("in het weekend liever niet, doordeweeks overdag", "dag", ["weekend"]),
        ("bij ons op de zaak", "in_company", []),
        ("een avondcursus graag", "avond", []),
        ("ik zoek vca", None, []),
    ],
)
def test_schedule(
    reader: DetailReader, text: str, schedule: str | None, ruled_out: list[str]
) -> None:
    found = reader.read(text)
    assert (found.schedule, found.schedule_not) == (schedule, ruled_out)


@pytest.mark.parametrize(
    ("text", "place", "ruled_out", "provider"),
    [
        ("bij SMEOT in Hengelo", "Hengelo", None, "smeot"),
        ("in de buurt van enschede", "Enschede", None, None),
        ("niet in Hengelo maar Almelo", "Almelo", "Hengelo", None),
        ("we zitten in enschede", "Enschede", None, None),
        ("Hengelo is te ver, liever in Oldenzaal", "Oldenzaal", "Hengelo", None),
        ("ik werk bij Hengelo Plaatwerk", None, None, None),
        ("ik werk bij Techniek Twente BV", None, None, None),
        ("graag overdag en niet in Rotterdam", None, "Rotterdam", None),
        ("kan het bij saxion of bij het roc van twente in enschede?", "Enschede", None, "saxion"),
        ("het liefst in den helder", "Den Helder", None, None),
        ("bij smeot", None, None, "smeot"),
        ("bij STODT", None, None, "stodt"),
        ("zadkine", None, None, "zadkine"),
        ("roc van twente", None, None, "roc-van-twente"),
        ("kan het bij het Horizon College?", None, None, "horizon-college"),
        ("Han en Bram aanmelden", None, None, None),
    ],
)
def test_place_and_provider(
    reader: DetailReader, text: str, place: str | None, ruled_out: str | None, provider: str | None
) -> None:
    found = reader.read(text)
    assert (found.place, found.place_not, found.provider) == (place, ruled_out, provider)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("in het engels", "en"),
        ("engelstalig", "en"),
        ("in english", "en"),
        ("kan de vca ook in het Engels? mijn jongens zijn Pools", "en"),
        ("nederlandstalig", "nl"),
        ("in het nederlands", "nl"),
        ("my dutch is not good", None),
        ("ik zoek een cursus zakelijk engels", None),
    ],
)
def test_language(reader: DetailReader, text: str, language: str | None) -> None:
    assert reader.read(text).language == language


@pytest.mark.parametrize(
    ("text", "remarks"),
    [
        ("factuur naar de zaak", ["factuur naar de zaak"]),
        ("graag de factuur op naam van de BV", ["graag de factuur op naam van de BV"]),
        ("inkoopnummer 4500123", ["inkoopnummer 4500123"]),
        (
            "3 man voor vca en de factuur graag naar Bouwmeester.",
            ["de factuur graag naar Bouwmeester"],
        ),
        ("Hij spreekt weinig Nederlands.", ["Hij spreekt weinig Nederlands"]),
        (
            "een van hen zit in een rolstoel, is de locatie toegankelijk",
            ["een van hen zit in een rolstoel", "is de locatie toegankelijk"],
        ),
        ("graag op kostenplaats 310", ["graag op kostenplaats 310"]),
        ("ik zoek een lascursus", []),
    ],
)
def test_remarks(reader: DetailReader, text: str, remarks: list[str]) -> None:
    assert reader.read(text).remarks == remarks


@pytest.mark.parametrize(
    "text",
    ["ja", "ja graag", "Ja, graag", "ok", "oké", "okee", "prima", "doe maar", "klopt", "is goed",
     "top", "akkoord", "jazeker", "graag", "👍", "ja hoor, dat is goed!", "Dat klopt"],
)  # fmt: skip
def test_yes(reader: DetailReader, text: str) -> None:
    assert reader.read(text).reply == "yes"


@pytest.mark.parametrize(
    "text",
    [
        "nee",
        "nee hoor",
        "nee bedankt",
        "neen",
        "laat maar",
        "hoeft niet",
        "👎",
        "Nee, dank je",
        "nee dat klopt niet",
    ],
)
def test_no(reader: DetailReader, text: str) -> None:
    assert reader.read(text).reply == "no"


@pytest.mark.parametrize(
    "text", ["nee 4 man niet 3", "ja en ook nog heftruck", "ok maar dan in de avond", "ik zoek vca"]
)
def test_no_bare_reply(reader: DetailReader, text: str) -> None:
    assert reader.read(text).reply is None


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("3", 3),
        ("3.", 3),
        ("drie", 3),
        ("3 zei ik toch al", 3),
        ("twee", 2),
        ("optie 2 graag", 2),
        ("06-12345678", None),
        ("TIG lassen", None),
        ("12-03-2027", None),
    ],
)
def test_number(reader: DetailReader, text: str, number: int | None) -> None:
    assert reader.read(text).number == number


@pytest.mark.parametrize(
    ("text", "correction"),
    [
        ("nee 4 man niet 3", True),
        ("o wacht", True),
        ("toch 5", True),
        ("liever in de avond", True),
        ("niet in Hengelo maar Almelo", True),
        ("andere cursus: vca vol", True),
        ("sorry, ik bedoel", True),
        ("correctie: 2 personen", True),
        ("ik zoek een heftruckcursus voor 3 man", False),
        ("wij hebben 14 man in dienst", False),
        ("niet alleen lassen maar ook snijden", False),
    ],
)
def test_correction(reader: DetailReader, text: str, correction: bool) -> None:
    assert reader.read(text).correction is correction


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("hoe lang duurt het nog", True),
        ("wanneer hoor ik iets", True),
        ("wie belt mij", True),
        ("duurt het lang?", True),
        ("ik heb nog niks gehoord", True),
        ("hoelang duurt het voordat iemand reageert", True),
        ("hoe lang duurt de cursus vca", False),
        ("wanneer wordt de cursus gegeven", False),
    ],
)
def test_asks_wait(reader: DetailReader, text: str, asks: bool) -> None:
    assert reader.read(text).asks_wait is asks


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        (
            "Ik wil NEN 3140 voor twee man en daarnaast een heftruckcursus voor 1 persoon",
            ["Ik wil NEN 3140 voor twee man", "een heftruckcursus voor 1 persoon"],
        ),
        (
            "NEN 3140 voor twee man en een heftruck cursus voor 1",
            ["NEN 3140 voor twee man", "een heftruck cursus voor 1"],
        ),
        ("Bram en Ties voor TIG lassen", ["Bram en Ties voor TIG lassen"]),
        ("TIG en MIG lassen voor 3 man", ["TIG en MIG lassen voor 3 man"]),
        (
            "ik zoek vca. en wat kost een heftruckcursus?",
            ["ik zoek vca.", "wat kost een heftruckcursus?"],
        ),
        ("vca voor 3 man, en ook nog bhv voor 2", ["vca voor 3 man", "bhv voor 2"]),
        ("Een lascursus voor Bram en een collega", ["Een lascursus voor Bram en een collega"]),
    ],
)
def test_split_needs(text: str, parts: list[str]) -> None:
    assert split_needs(text) == parts


def test_nothing_in_an_empty_message(reader: DetailReader) -> None:
    assert reader.read("") == Details()


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("ik ben kees van hengelo plaatwerk", "Kees"),
        ("hallo ik ben sandra, van dam constructie", "Sandra"),
        ("bart hier, van bouwmeester", "Bart"),
        ("ik ben eigenaar van een lasbedrijf", None),
        ("ik ben monteur bij bouwmeester", None),
        ("ik ben benieuwd", None),
    ],
)
def test_a_name_typed_in_lower_case(reader: DetailReader, text: str, name: str | None) -> None:
    assert reader.read(text).name == name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Jeroen de Wit van Bouwmeester Metaal, 3 man voor tig lassen, 06-12345678",
            "Jeroen de Wit",
        ),
        ("Bram en Ties van Bouwmeester willen lassen", None),
    ],
)
def test_a_name_first_then_its_company(reader: DetailReader, text: str, name: str | None) -> None:
    assert reader.read(text).name == name
