import pytest

from app.consultees import orgnr


@pytest.mark.parametrize("number", ["942402465", "942 402 465", "864964702", "974760673"])
def test_valid_numbers_pass(number):
    assert orgnr.is_valid(number)


@pytest.mark.parametrize("number", ["942402466", "94240246", "9424024650", "94240246a", "", "abcdefghi"])
def test_wrong_check_digit_length_or_characters_fail(number):
    assert not orgnr.is_valid(number)


def test_numbers_whose_check_digit_would_be_ten_are_invalid():
    first_eight = next(f"{n:08d}" for n in range(10_000_000, 10_100_000) if orgnr.check_digit(f"{n:08d}") is None)
    assert not any(orgnr.is_valid(first_eight + str(d)) for d in range(10))
