import pytest

from dailypapers.domain.users import (
    InvalidField,
    Role,
    check_display_name,
    check_email,
    check_password,
    check_username,
    get_valid_email,
    get_valid_username,
    suggest_username,
)


def test_usernames_are_lower_cased_then_checked() -> None:
    assert check_username("  Alice_B-2 ") == "alice_b-2"
    for bad in ("", "-alice", "alice-", "a b", "<script>", "ünïcode", "x" * 33):
        with pytest.raises(InvalidField) as error:
            check_username(bad)
        assert error.value.field == "username"


def test_reserved_usernames_are_refused() -> None:
    with pytest.raises(InvalidField, match="reserved"):
        check_username("Admin")


def test_emails_are_lower_cased_and_must_look_like_addresses() -> None:
    assert check_email(" Alice@Example.ORG ") == "alice@example.org"
    for bad in ("alice", "alice@", "@example.org", "alice@example", "a b@example.org", "a@" + "x" * 260 + ".org"):
        with pytest.raises(InvalidField):
            check_email(bad)


def test_passwords_need_eight_characters_and_not_a_common_one() -> None:
    assert check_password("correct horse") == "correct horse"
    with pytest.raises(InvalidField, match="at least 8"):
        check_password("short")
    with pytest.raises(InvalidField, match="common"):
        check_password("Password1")
    with pytest.raises(InvalidField) as error:
        check_password("12345678", field="new_password")
    assert error.value.field == "new_password"


def test_display_names_keep_any_characters_and_collapse_spaces() -> None:
    assert check_display_name("  Ada   <Lovelace>  ") == "Ada <Lovelace>"
    assert check_display_name("   ") is None
    with pytest.raises(InvalidField):
        check_display_name("x" * 81)


def test_an_admin_is_a_curator_is_a_member() -> None:
    assert Role.ADMIN.includes(Role.CURATOR) and Role.ADMIN.includes(Role.MEMBER)
    assert Role.CURATOR.includes(Role.MEMBER) and not Role.CURATOR.includes(Role.ADMIN)
    assert not Role.MEMBER.includes(Role.CURATOR)


def test_a_username_is_suggested_from_the_address() -> None:
    assert suggest_username("Jane.Doe+papers@example.org") == "jane-doe-papers"
    assert suggest_username("admin@example.org") == "member"
    check_username(suggest_username("x" * 40 + "@example.org"))


def test_control_characters_never_reach_the_database() -> None:
    assert check_display_name("Ada\x00 Love\x07lace\n") == "Ada Lovelace"
    with pytest.raises(InvalidField):
        check_email("ada\x00@example.org")
    assert get_valid_email("ada\x00@example.org") is None and get_valid_email(" Ada@Example.org") == "ada@example.org"
    assert get_valid_username("ad\x00a") is None and get_valid_username("Ada") == "ada"
