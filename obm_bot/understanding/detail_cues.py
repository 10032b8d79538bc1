"""Word lists and patterns of the detail reader (details.py), and the small readers that only
apply one of them, kept apart so that the reader's own logic stays short.

Patterns marked "normalised" run on ``normalise(...).words`` joined by spaces (lower case, no
accents or punctuation, number words as digits); the others run on the message as typed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final, Literal, TypeVar

from obm_bot.understanding.normalise import normalise

# Same values as details.RoleValue (that module imports this one, so it cannot be imported here).
Role = Literal["werkgever", "werknemer", "leerling", "school"]

# --- Contact details (as typed) --------------------------------------------------------------

EMAIL: Final = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Digits that are not counts of people: dates, times, prices, postcodes, order numbers.
NOT_COUNTS: Final = re.compile(
    r"(?=[\d€])(?:\b\d{1,2}[-/]\d{1,2}(?:[-/]\d{2,4})?\b|\b\d{1,2}[:.]\d{2}\b|€\s*[\d.,]+|[\d.,]+\s*(?:euro|eur)\b"
    r"|\b\d{4}\s?[a-zA-Z]{2}\b|\b\d{5,}\b)",
    re.IGNORECASE,
)

# --- Role (normalised) -----------------------------------------------------------------------

_TRADES = (
    r"\w*(?:monteur|lasser|operator|medewerker|werknemer|verspaner|tekenaar|constructeur|"
    r"bankwerker|plaatwerker|werkvoorbereider|engineer|technicus|elektricien|machinist|"
    r"draaier|frezer|timmerman|installateur|planner|magazijnmedewerker)s?"
)
ROLE_CUES: Final[tuple[tuple[Role, re.Pattern[str]], ...]] = (
    ("leerling", re.compile(
        r"\b(?:ik ben (?:een |nog )?(?:bbl |bol |eerstejaars |tweedejaars )?(?:leerling|student|"
        r"stagiair|bbler)|ik (?:zit|ben) in (?:het |mijn )?(?:\d+e|eerste|tweede|derde|vierde|"
        r"laatste) (?:jaar|leerjaar)|ik (?:doe|volg) (?:de |een |nu )?(?:bbl|bol)"
        r"|ik ben (?:bbl|bol)|mijn (?:leerbedrijf|praktijkopleider|leermeester|stage)"
        r"|als bbler)\b")),
    ("school", re.compile(
        r"\b(?:ik ben|als|wij zijn|we zijn) (?:een |de )?\w*docent\b|\w*docent (?:op|bij|aan)\b"
        r"|\b(?:leraar|lerares|schoolleider|decaan|onderwijs\w*"
        r"|(?:wij|we) zijn (?:een |het |de )?(?:\w+ )?(?:school|mbo|vmbo|roc|college|hogeschool|"
        r"scholengemeenschap|lyceum)|(?:namens|vanuit) (?:de |onze |een )?(?:\w+ )?school"
        r"|onze (?:school|leerlingen|studenten)|mijn (?:klas|leerlingen|studenten))\b")),
    ("werkgever", re.compile(
        r"\b(?:eigenaar|directeur|dga|ondernemer|bedrijfsleider|personeelszaken|hr"
        r"|(?<!mijn )werkgever|in dienst (?:hebben|heb|hebt)|(?:hebben|heb|hebt)\b.{0,30}"
        r"\bin dienst|(?:mijn|ons|onze) (?:personeel|medewerkers|werknemers|mensen))\b")),
    ("werknemer", re.compile(
        rf"\b(?:ik werk (?:als|bij|in de|op de)|mijn (?:baas|werkgever|leidinggevende|chef|"
        rf"manager|teamleider|ploegleider)|ik ben (?:\w+ )?{_TRADES}|ik ben in dienst"
        # Signing oneself up: "ik wil mij aanmelden", "meld me aan", "ik wil zelf de vca doen".
        rf"|(?:ik wil|kan ik) (?:me|mij|mezelf|mijzelf) (?:\w+ ){{0,4}}?"
        rf"(?:aanmelden|inschrijven|opgeven)"
        rf"|meld (?:me|mij) (?:\w+ )?aan|schrijf (?:me|mij) (?:\w+ )?in"
        rf"|ik wil zelf|voor mezelf|voor mijzelf)\b")),
    ("werkgever", re.compile(
        r"\b(?:(?:ons|mijn) (?:bedrijf|zaak|firma)|onze (?:jongens|monteurs|lassers|mannen)"
        r"|(?:wij|we) zijn een (?:\w+ )?\w*bedrijf|ik heb een (?:\w+ )?(?:\w*bedrijf|zaak))\b")),
)  # fmt: skip

# --- Companies (as typed) ----------------------------------------------------------------------

COMPANY_MARKERS: Final = re.compile(
    r"(?:metaal\w*|smederij|\w*techniek|\w*bouw|constructie\w*|plaatwerk\w*|staal\w*|"
    r"\w*bedrijf|engineering|industrie\w*|holding|group|groep|machine\w*|\w*fabriek|installatie\w*|"
    r"b\.?v\.?|v\.?o\.?f\.?|n\.?v\.?|services|solutions|systems|products|lasserij|draaierij|"
    r"\w*werken|werkplaats|montage|onderhoud)",
    re.IGNORECASE,
)
COMPANY_ANCHOR: Final = re.compile(
    r"\b(?:ik werk bij|werkzaam bij|in dienst bij|werk bij|bij|van|namens|vanuit|voor|"
    r"bedrijf|firma|bedrijfsnaam(?: is)?|(?:wij|we) zijn|"
    r"i work (?:at|for)|working (?:at|for)|from|company(?: name)?(?: is)?|at)\s*:?\s+",
    re.IGNORECASE,
)
# Anchors after which a capitalised name is a company even without a marker word.
STRONG_ANCHOR: Final = re.compile(
    r"(?:werk bij|werkzaam bij|dienst bij|namens|firma|bedrijf|bedrijfsnaam(?: is)?|"
    r"work (?:at|for)|company(?: name)?(?: is)?)\s*:?\s+$",
    re.IGNORECASE,
)
COMPANY_JOINERS: Final = frozenset({"de", "van", "der", "den", "en", "&", "zn", "zonen", "zn."})

# --- Names (as typed) --------------------------------------------------------------------------

GREETING: Final = (
    r"(?:goede?(?:morgen|middag|navond|ndag)|goeie(?:morgen|middag)|hallo|hoi|hey|hai|hee|"
    r"beste|dag|morgen|middag|avond|hi|hello|good (?:morning|afternoon|evening))"
)
NAME_INTRO: Final = re.compile(
    rf"^\W*(?:{GREETING}\W+)*(?:u spreekt |je spreekt |hier )?met\s+(?!vriendelijke)"
    r"|\b(?:mijn naam is|ik heet|naam\s*:|u spreekt met|je spreekt met|dit is|my name is|"
    r"name\s*:|this is|my name's)\s+",
    re.IGNORECASE,
)
# "Jeroen de Wit van Bouwmeester Metaal, …": a capitalised name first, then its company.
NAME_OF_COMPANY: Final = re.compile(
    r"^\W*[A-Z][\w'-]+(?:\s+(?!en\b|and\b)[\w'-]+){1,3}?\s+(?:van|bij|namens)\s+[A-Z]"
)  # "Bram en Ties van Bouwmeester" are the people signed up, not the writer
# "…, Jan de Vries 0612345678", "Jan de Vries, tel 06-…": a name right before a phone number
# is who to call back, not someone signed up.
NAME_BEFORE_PHONE: Final = re.compile(
    r"(?<![\w-])[A-Z][a-z]+(?:\s+(?:(?:van|de|der|den|ter)\s+)*[A-Z][a-z]+){1,2}"
    r"(?=\s*[,:]?\s*(?:(?:tel|telefoon|tel\.|mob|mobiel|nr|06)\b[.:]?\s*)?(?:\+31|0)[\d -]{8,})"
)
# "I am Polish" says where someone is from, not who: never a name.
NATIONALITIES: Final = (
    "Polish", "Dutch", "English", "Romanian", "Ukrainian", "Syrian", "Turkish", "German",
    "Bulgarian", "Lithuanian", "Latvian", "Hungarian", "Portuguese", "Spanish", "Italian",
    "Eritrean", "Moroccan", "Indian", "Filipino", "Not", "Also", "New", "Interested", "Looking",
)  # fmt: skip
# "ik ben Piet", "bel me terug, met Henk Smit": only capitalised, so "met 3 man" is none.
SELF_INTRO: Final = re.compile(
    r"\bik ben\s+(?=[A-Z])|\b(?:I am|I'm|Im)\s+(?!(?:" + "|".join(NATIONALITIES) + r")\b)"
    r"(?=[A-Z][a-z]+\b)"
    r"|[,.]\s*met\s+(?=[A-Z][a-z]+\s+(?:(?:van|de|der|den|ter)\s+)*[A-Z])"
)
# Typed in lower case: "ik ben kees van hengelo plaatwerk", "ik ben sandra, …"; only when
# the name is followed by "van/uit/bij", a comma or the end, and is no known word.
LOWER_SELF_INTRO: Final = re.compile(
    r"\bik ben\s+(?=[a-z]+(?:\s+[a-z]+)?\s*(?:,|\s(?:van|uit|bij)\b|[.!]|$))"
)
# "bart hier, van bouwmeester" at the start of a message.
LOWER_NAME_HERE: Final = re.compile(rf"^\W*(?:{GREETING}\W+)*(?=[a-z]+(?:\s+[a-z]+)?\s+hier\b)")
NAME_HERE: Final = re.compile(
    r"(?<![\w-])[A-Z][a-z]+(?:\s+(?:(?:van|de|der|den|ter)\s+)*[A-Z][a-z]+){0,2}(?=\s+hier\b)"
)
SIGN_OFF: Final = re.compile(
    r"(?:^|[\s,.!])(?:(?:met )?vriendelijke groet(?:en)?|m\.?\s?v\.?\s?g\.?|groet(?:en|jes)?|"
    r"gr(?:t|tn)?\.?|doei|cheers|bedankt|dank (?:je|u)(?: wel)?|alvast bedankt)"
    r"[\s,:!.-]+((?:[A-Za-zÀ-ÿ'-]+\s*){1,4})\W*$",
    re.IGNORECASE,
)
NAME_PARTICLES: Final = frozenset(
    {"van", "de", "der", "den", "ter", "ten", "te", "el", "al", "la", "le", "da", "op", "het"}
)
NOT_A_NAME: Final = frozenset(
    """
    eigenaar directeur leerling student stagiair docent leraar monteur lasser werkgever
    werknemer bbl bol hier namens van bij de het een graag nog al ook op zoek benieuwd bezig
    werkzaam geinteresseerd blij meneer mevrouw hallo hoi goedemorgen goedemiddag beste team
    mvg groet groeten bedankt dank thanks vriendelijke alvast cursus training opleiding lassen
    lascursus heftruck
    excel vca bhv ehbo tig mig mag nen autocad solidworks inventor avond overdag weekend
    maandag dinsdag woensdag donderdag vrijdag zaterdag zondag januari februari maart april
    juni juli augustus september oktober november december
    """.split()
)
ENROL: Final = re.compile(
    r"\b(?:aanmeld|aan te melden|meld|inschr|in te schrijven|schrijf|opgeven|opgave|boek|"
    r"inplan|noteer|reserveer|zet)\w*|\bvoor\b",
    re.IGNORECASE,
)
NAME_TOKEN: Final = re.compile(r"(?:[A-Za-z]\.){2,}|[A-Za-zÀ-ÿ][\w'-]*|\d+|[,.!?;:]")
CAPITALISED: Final = re.compile(r"[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý]?[a-zà-ÿ]+)?")

# --- Negation scope (normalised) ---------------------------------------------------------------

# A clause ends at punctuation or a conjunction, so a "niet" never reaches across "maar".
CLAUSE_SPLIT: Final = re.compile(r"[,.;:!?()\n]+|\s(?:maar|want|omdat|dus|en|of)\s", re.I)
NEGATION_BEFORE: Final = frozenset({"niet", "geen", "nooit", "liever niet"})
NEGATION_AFTER: Final = re.compile(
    r"^\s*(?:\w+\s+){0,2}?(?:niet|geen optie|onmogelijk|valt af|lastig|slecht|te ver|"
    r"is te ver|nee)\b"
)

# --- Language, remarks, wait, correction (normalised) ------------------------------------------

LANGUAGE_CUES: Final[tuple[tuple[str, re.Pattern[str]], ...]] = (
    ("en", re.compile(r"\bin (?:het )?engels\b|\bengelstalig\w*|\bin english\b|\benglish "
                      r"(?:spoken|taught|language)\b|\bvoertaal (?:is )?engels\b")),
    ("nl", re.compile(r"\bin (?:het )?nederlands\b|\bnederlandstalig\w*|\bin dutch\b"
                      r"|\bvoertaal (?:is )?nederlands\b")),
)  # fmt: skip
# Run on the lower-cased text: IGNORECASE makes this long alternation several times slower.
REMARK_CUES: Final = re.compile(
    r"\b(?:factu\w*|faktu\w*|inkoop ?(?:nummer|order|nr)|order ?(?:nummer|nr)|po[ -]?(?:nummer|nr)"
    r"|referentie|kostenplaats|kostenpost|projectnummer|btw[ -]?nummer|dieet|vegetari\w*|veganist"
    r"|halal|allergi\w*|glutenvrij|rolstoel\w*|slechthorend|doof|dyslex\w*|dyslect\w*|rugklachten"
    r"|mindervalide|toegankelijk\w*|linkshandig|weinig nederlands|geen nederlands|slecht nederlands"
    r"|gebrekkig nederlands|nederlands niet goed|betaalt? (?:zelf|de werkgever|het bedrijf))\b"
)
REMARK_SPLIT: Final = re.compile(r"(?<=[.!?;])\s+|\n+|,\s+(?=\S)")
REMARK_LEAD: Final = re.compile(r"^.*\b(?:en|maar|ook)\s+", re.IGNORECASE)
ASKS_WAIT: Final = re.compile(
    r"\b(?:hoe lang (?:duurt het|moet ik wachten|gaat het duren)(?: nog| voor\w*| tot| eer| $)"
    r"|hoe lang nog|duurt het (?:nog )?(?:lang|even)|wanneer (?:hoor|krijg) ik"
    r"|wie (?:belt|mailt|neemt|reageert)|wanneer (?:wordt|word) ik"
    r"|wanneer (?:belt|reageert|neemt) (?:er )?(?:iemand|u|jullie|je)"
    r"|nog (?:niets|niks) gehoord|ik wacht (?:al|nog)|krijg ik nog (?:antwoord|reactie)"
    r"|is er al (?:nieuws|iets bekend)|al (?:iets|wat) bekend)\b"
)
CORRECTION: Final = re.compile(
    r"^ ?(?:nee|neen)\b.*\d|\b(?:o?\s?wacht|toch (?:\d+|liever|maar|niet|een|geen)|nee toch"
    r"|liever|niet (?!alleen\b).{1,40}\bmaar|niet \d+|andere? (?:cursus|opleiding|training|datum"
    r"|plaats|locatie|aantal)|ik bedoel\w*|correctie|verbeter\w*|vergis\w*|in plaats van|ipv"
    r"|moet \d+ (?:zijn|worden)|wijzig\w*|aanpassen)\b"
)

# --- Short replies (normalised words) ----------------------------------------------------------

YES_CORE: Final = frozenset(
    "ja jaa jaaa jawel jazeker jep jup yes yep ok oke okee okay oki okido prima klopt top "
    "akkoord graag goed perfect correct zeker sure tuurlijk natuurlijk uitstekend super mooi "
    "doe prima".split()
)
NO_CORE: Final = frozenset("nee neen nope no nah laat hoeft nodig".split())
REPLY_FILLERS: Final = frozenset(
    "hoor maar is dat lijkt me mij prima dank je u wel bedankt thanks aub even helemaal "
    "niet liever toch hoor hoort zo".split()
)
EMOJI_YES: Final = re.compile("[👍👌✅🙂😊]")
EMOJI_NO: Final = re.compile("[👎❌🙅]")
NUMBER_FILLERS: Final = frozenset(
    "zei ik toch al het er zijn is dus ja nee hoor gewoon eh uh euh nou dan maar wel zo "
    "ongeveer rond de zon stuk of een graag aub optie nummer nr keuze zeg zeggen had gezegd "
    "al".split()
)
REASSERT: Final = frozenset({"toch", "zei", "gezegd", "nee", "niet", "maar"})
APPROXIMATE: Final = frozenset(
    {"ongeveer", "zon", "circa", "ca", "totaal", "max", "maximaal", "zeg", "pakweg", "plusminus"}
)
# "4 daarvan", "3 van hen": part of a staff just counted ("12 man in dienst en 4 daarvan").
PART_OF: Final = frozenset({"daarvan", "ervan", "hiervan"})
# "een stuk of 5", "een man of 6", "een mannetje of 4"
ROUGHLY_BEFORE: Final = frozenset({"stuk", "man", "mannetje", "mannen", "persoon"})
# "... en ik", "plus mezelf": the writer comes on top of a counted group.
WRITER: Final = frozenset({"ik", "mij", "mezelf", "mijzelf", "ikzelf", "me", "myself"})
# "3 man en ik wil graag …": the writer starts a new sentence, and joins no group.
WRITER_SPEAKS: Final = frozenset(
    {"wil", "wilde", "zou", "heb", "ben", "denk", "vraag", "zoek", "hoop", "want", "need", "am",
     "would", "think", "hope", "have", "will"}
)  # fmt: skip
JOINING: Final = frozenset({"en", "plus", "met", "and", "with"})
ONE: Final = frozenset({"een", "1", "one", "a", "an"})

# --- Splitting needs (as typed) ----------------------------------------------------------------

SENTENCE_END: Final = re.compile(r"(?<=[.!?])\s+|\n+")
NEED_JOINER: Final = re.compile(
    r"\s*,?\s*\b(?:en daarnaast|en verder|en ook nog|en ook|ook nog|en nog|daarnaast|"
    r"verder(?! weg\b)(?! dan\b)|bovendien|plus nog)\b\s*|\s*,\s*en\s+",
    re.IGNORECASE,
)
ARTICLE_JOINER: Final = re.compile(
    r"\s+en\s+(?=(?:ook |dan |daarna )?(?:een|de|het|nog een)\s)", re.IGNORECASE
)
NEED_HEADS: Final = re.compile(
    r"\w*(?:cursus|cursussen|training|opleiding|certificaat|examen|diploma|rijbewijs|pas|"
    r"workshop|module|proef)\b",
    re.IGNORECASE,
)
LEADING_CONJUNCTION: Final = re.compile(r"^(?:en|maar|ook|plus)\s+", re.IGNORECASE)

# --- Readers of single cues --------------------------------------------------------------------

T = TypeVar("T", bound=str)


def first_and_ruled_out(
    clauses: str, hits: list[tuple[T, int, int]], window: int
) -> tuple[T | None, list[T]]:
    """The first value not negated in its clause, and the negated ones ("overdag kan niet")."""
    wanted: T | None = None
    ruled_out: list[T] = []
    for value, start, end in hits:
        before = clauses[:start].rsplit("|", 1)[-1].split()[-window:]
        if "liever" in before:  # "niet overdag liever s avonds": the "niet" is not for avond
            before = before[len(before) - before[::-1].index("liever") :]
        if set(before) & NEGATION_BEFORE or NEGATION_AFTER.match(clauses[end:].split("|", 1)[0]):
            if value not in ruled_out:
                ruled_out.append(value)
        elif wanted is None:
            wanted = value
    return wanted, [v for v in ruled_out if v != wanted]


def key_of(text: str) -> str:
    """Normalised words with a space either side, for whole-word ``in`` tests."""
    return " " + " ".join(normalise(text).words) + " "


_GENERIC_PROVIDER_WORDS = (
    "roc", "hogeschool", "stichting", "college", "toekomsttechniek", "bedrijfsopleidingen",
    "university of applied sciences", "de",
)  # fmt: skip


def provider_keys(provider_id: str, name: str) -> set[str]:
    """ "SMEOT (Stichting ...)" -> smeot, the full name; "ROC Zadkine" -> also "zadkine"."""
    short = re.split(r"[(,]", name)[0]
    keys = {key_of(provider_id.replace("-", " ")), key_of(name), key_of(short)}
    core = key_of(short)
    for generic in _GENERIC_PROVIDER_WORDS:
        core = core.replace(f" {generic} ", " ")
    # "ROC Nijmegen" minus "ROC" is a place and "ROC van Twente" minus "ROC" is "van twente".
    if len(core.strip()) >= 5 and core.split()[0] not in NAME_PARTICLES:
        keys.add(core)
    if core.startswith(" van "):
        keys.add(key_of("roc" + core[4:]))  # "roc twente"
    return {k for k in keys if k.strip()}


def remarks_in(text: str) -> list[str]:
    found: list[str] = []
    if not REMARK_CUES.search(text.lower()):
        return found
    for part in REMARK_SPLIT.split(text):
        cue = REMARK_CUES.search(part.lower())
        if not cue or part.rstrip().endswith("?"):
            continue
        # "3 man voor vca en de factuur naar de zaak": the remark starts after the last "en".
        lead = REMARK_LEAD.match(part[: cue.start()])
        remark = part[lead.end() if lead else 0 :].strip(" \t,.;!")
        if remark:
            found.append(remark)
    return found


def bare_reply(text: str) -> Literal["yes", "no"] | None:
    words = set(normalise(EMOJI_NO.sub(" nee ", EMOJI_YES.sub(" ja ", text))).words)
    if not words or not words <= YES_CORE | NO_CORE | REPLY_FILLERS:
        return None
    yes = bool(words & YES_CORE) and not {"laat", "hoeft"} & words
    no = bool(words & NO_CORE) or "niet" in words
    if yes and no:  # "nee dat klopt niet", "ja hoor, prima": the first word decides
        first = normalise(text).words[:1]
        yes, no = bool(set(first) & YES_CORE), bool(set(first) & NO_CORE)
    if yes == no:
        return None
    return "yes" if yes else "no"


def bare_number(words: Sequence[str]) -> int | None:
    digits = [w for w in words if w.isdigit()]
    if len(digits) != 1 or len(digits[0]) > 4:
        return None
    if all(w.isdigit() or w in NUMBER_FILLERS for w in words):
        return int(digits[0])
    return None
