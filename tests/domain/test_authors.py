from dailypapers.domain.authors import author_key


def test_spellings_of_one_name_share_a_key() -> None:
    assert author_key("Zoë  Müller-Lee") == author_key("Zoe Muller-Lee") == "zoe-muller-lee"


def test_non_latin_names_keep_a_key() -> None:
    assert author_key("王 小明") == "王-小明"
