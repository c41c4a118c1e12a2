"""Student numbers are ``s`` and seven ASCII digits: full-width digits are refused (issue 11 §6)."""

import pytest

from domain.deliveries.plans import DeliveryError
from domain.deliveries.visitors import parse_visitors


@pytest.mark.parametrize("line", ["s１２３４５６７", "１２３４５６７", "s١٢٣٤٥٦٧"])
def test_a_visitor_list_with_non_ascii_digits_is_refused(line):
    with pytest.raises(DeliveryError) as refused:
        parse_visitors(f"s1234567\n{line}\n".encode())
    assert refused.value.code == "invalid_lines"
    assert refused.value.details == {"lines": [2], "count": 1}
