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


@pytest.mark.parametrize("written", ["910-030-000", "910 030 000", "NO 910 030 000 MVA", "no910030000mva",
                                     "NO 910-030-000 MVA", "910\u2011030\u2011000", " 910030000 "])
def test_numbers_in_groups_or_in_the_vat_form_pass_and_keep_their_nine_digits(written):
    assert orgnr.is_valid(written) and orgnr.normalise(written) == "910030000"


@pytest.mark.parametrize("written", ["910-030-001", "NO 910 030 001 MVA", "NO MVA", "NO 91003000 MVA", "²10030000",
                                     "910.030.000"])
def test_the_written_forms_still_need_nine_digits_and_the_right_check_digit(written):
    assert not orgnr.is_valid(written)
