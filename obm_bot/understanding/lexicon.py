"""Small Dutch word lists: common words (to tell language from gibberish) and place names.

The lists only have to be good enough to recognise that a message is Dutch at all; domain
words come from the catalogue and the intent cues.
"""

from typing import Final

COMMON_WORDS: Final[frozenset[str]] = frozenset(
    """
    aan aangezien al alle alleen alles als altijd ander andere anders ben ben bent ben benieuwd
    best beter bij binnen bijvoorbeeld blijft blij boven dag daar daarna daarom dacht dan dank
    dat de deze die dit doe doen door dus echt een eens eerst eigen elk elke en enkele er ergens
    even fijn gaan gaat gedaan geen gehad genoeg geweest goed goede graag groot grote had hadden
    hallo heb hebben hebt heel helemaal het hetzelfde hier hij hoe hoi hun iemand iets ik in is
    ja je jij jou jouw jullie kan kijken klopt komen komt kon kun kunnen kunt laat laten later
    leuk liever maar maken me meer meest mee men met mij mijn misschien moet moeten mogelijk
    morgen mag mogen na naar natuurlijk nee niet niets nieuw nieuwe nog nodig nou nu of ofwel
    ok oke okay om onder ons onze ook op over paar per precies prima snel staat te tegen terug
    toch toe tot tussen u uit uw van vandaag veel voor vooral vraag vragen vriendelijk waar
    waarom wanneer want wat we week weer wel welk welke werd werk werken weten wie wij wil
    willen wilt word worden wordt zal ze zeer zelf zich zie zien zij zijn zit zitten zo zoals
    zou zouden zullen hey hee hoi dag doei bedankt thanks yes no please what how the a is
    weet vind vinden zeggen zegt hebt heeft hadden ging gaan gaat kwam komen kreeg krijgen
    lekker mooi slecht raar stom vervelend jammer sorry excuus mensen jaar maand dagen uur
    morgen gisteren vandaag vanavond straks auto huis fiets eten drinken weer regen zon koud
    warm voetbal wedstrijd film muziek spel grap mop geld betalen kopen verkopen winkel
    bellen mailen schrijven lezen spreken praten maken doen leren zeggen vertellen sturen
    klanten klant mensen nieuwe oude goed slecht groot klein snel beginnen starten stoppen
    """.split()
)

# Places in and around the four pilot regions, besides those the catalogue itself names.
DUTCH_PLACES: Final[tuple[str, ...]] = (
    "Amsterdam", "Rotterdam", "Den Haag", "Utrecht", "Eindhoven", "Nijmegen", "Cuijk", "Boxmeer",
    "Oss", "Den Bosch", "'s-Hertogenbosch", "Arnhem", "Wijchen", "Uden", "Veghel", "Gennep",
    "Enschede", "Hengelo", "Almelo", "Oldenzaal", "Borne", "Rijssen", "Nijverdal", "Haaksbergen",
    "Twente", "Rijnmond", "Schiedam", "Vlaardingen", "Maassluis", "Spijkenisse", "Dordrecht",
    "Barendrecht", "Capelle aan den IJssel", "Ridderkerk", "Noord-Holland", "Den Helder",
    "Heerhugowaard", "Alkmaar", "Zaandam", "Hoorn", "Purmerend", "Haarlem", "Schagen",
    "Enkhuizen", "Beverwijk", "Velsen", "IJmuiden", "Zwolle", "Deventer", "Apeldoorn", "Breda",
    "Tilburg", "Venlo", "Groningen", "Leeuwarden", "Leiden", "Delft", "Gouda", "Zoetermeer",
)  # fmt: skip
