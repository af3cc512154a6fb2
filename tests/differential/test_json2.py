"""The JSON-2 cases of json2_cases.py against the real Odoo 19 and keygate: the normalised answers
must be equal, except for the cases (ids prefixed "json2.") of expectations.py."""

import pytest

from conftest import OBSERVED, OUTCOMES
from expectations import DELIBERATE, PENDING
from json2_cases import JSON2_CASES
from test_differential import show


@pytest.mark.parametrize("case", JSON2_CASES, ids=["json2." + c.id for c in JSON2_CASES])
def test_json2_case(case, odoo19, targets):
    cid = "json2." + case.id
    odoo, keygate = case.run(odoo19), case.run(targets[1])
    same = odoo == keygate
    if not same:
        OBSERVED[cid] = (odoo, keygate)
    if cid in DELIBERATE:
        OUTCOMES[cid] = "same" if same else "documented"
        assert not same, "deliberate difference no longer differs: remove it from DELIBERATE"
        return
    OUTCOMES[cid] = "same" if same else "different"
    if cid in PENDING:
        assert not same, "pending difference fixed: remove %s from PENDING" % cid
        return
    assert same, "Odoo 19: %s\nkeygate: %s" % (show(odoo, 3000), show(keygate, 3000))
