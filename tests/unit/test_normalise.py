from obm_bot.understanding.normalise import normalise, split_compound


def test_lowercase_accents_and_punctuation() -> None:
    assert normalise("Lascoördinator, CURSUS!!").words == ("lascoordinator", "cursus")


def test_apostrophes_join_the_word() -> None:
    assert normalise("bbl'ers en collega's").words == ("bblers", "en", "collegas")
    assert normalise("collega’s").words == ("collegas",)


def test_s_avonds_becomes_one_word() -> None:
    assert "savonds" in normalise("liefst 's avonds").words


def test_number_words_become_digits() -> None:
    assert normalise("twee man en vijf dames, tien jongens").words == (
        "2",
        "man",
        "en",
        "5",
        "dames",
        "10",
        "jongens",
    )


def test_een_stays_an_article() -> None:
    assert normalise("een cursus").words == ("een", "cursus")


def test_digits_glued_to_words_are_split() -> None:
    assert normalise("12man").words == ("12", "man")


def test_compound_heads_are_split_in_tokens_but_not_in_words() -> None:
    norm = normalise("heftruckcertificaat en lascursus")
    assert norm.words == ("heftruckcertificaat", "en", "lascursus")
    assert norm.tokens == ("heftruck", "certificaat", "en", "lassen", "cursus")


def test_split_compound_keeps_short_words_whole() -> None:
    assert split_compound("cursus") == ["cursus"]
    assert split_compound("avondopleiding") == ["avond", "opleiding"]


def test_misspellings_and_synonyms() -> None:
    assert normalise("exel cursis voor de heftuck").words == (
        "excel",
        "cursus",
        "voor",
        "de",
        "heftruck",
    )
    assert normalise("in-company").words == ("in_company",)
    assert normalise("e-learning").words == ("online",)


def test_empty_and_symbol_only_text() -> None:
    assert normalise("").words == ()
    assert normalise("🙂🙂 ?!").words == ()
