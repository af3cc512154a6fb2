"""Every case of cases.py against the real Odoo 18 and keygate: the normalised answers must be
equal, except for the cases of expectations.py (pending: must still differ; deliberate: must
differ, for the reason given).

DIFF_DUMP=FILE writes every difference of the run in full (JSON) to FILE (conftest.py)."""

import json

import pytest

from cases import CASES
from json2_cases import JSON2_CASES
from conftest import OBSERVED, OUTCOMES
from expectations import DELIBERATE, PENDING

def show(answer, limit=400):
    text = json.dumps(answer, ensure_ascii=False, sort_keys=True, default=repr)
    return text if len(text) <= limit else text[:limit] + "..."


def test_expectations_name_existing_cases():
    ids = {c.id for c in CASES} | {"json2." + c.id for c in JSON2_CASES}
    assert sorted(set(PENDING) - ids) == []
    assert sorted(set(DELIBERATE) - ids) == []
    assert sorted(set(PENDING) & set(DELIBERATE)) == []


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(case, targets):
    odoo, keygate = (case.run(t) for t in targets)
    same = odoo == keygate
    if not same:
        OBSERVED[case.id] = (odoo, keygate)
    if case.id in DELIBERATE:
        OUTCOMES[case.id] = "same" if same else "documented"
        assert not same, "deliberate difference no longer differs: remove it from DELIBERATE"
        return
    if case.id in PENDING:
        OUTCOMES[case.id] = "same" if same else "different"
        assert not same, "pending difference fixed: remove %s from PENDING" % case.id
        return
    OUTCOMES[case.id] = "same" if same else "different"
    assert same, "Odoo: %s\nkeygate: %s" % (show(odoo, 3000), show(keygate, 3000))
