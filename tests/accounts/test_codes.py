from accounts.models import CODE_ALPHABET, CODE_LENGTH, new_code
from pics.models import new_pics_code


def test_codes_are_letters_and_digits_of_fixed_length():
    # 3000 draws: with "-" among 64 symbols, one would lead with it almost surely.
    codes = [new_code() for _ in range(1500)] + [new_pics_code() for _ in range(1500)]
    assert all(len(code) == CODE_LENGTH for code in codes)
    assert set("".join(codes)) <= set(CODE_ALPHABET)
    assert not any(code.startswith("-") for code in codes)
    assert len(set(codes)) == len(codes)
