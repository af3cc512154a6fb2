"""/xmlrpc/2/db: the unauthenticated database service; everything else needs the master
password, which keygate does not offer, so it is Access Denied.
"""

import xmlrpc.client

import pytest

from conftest import DB


@pytest.fixture
def db(server):
    return server.db()


def test_list_contains_the_demo_database(db):
    dbs = db.list()
    assert isinstance(dbs, list)
    assert DB in dbs
    assert all(isinstance(d, str) for d in dbs)


def test_db_exist(db):
    assert db.db_exist(DB) is True
    assert db.db_exist("nodb") is False


def test_db_exist_rejects_path_tricks(db):
    assert db.db_exist("../" + DB) is False
    assert db.db_exist(DB + ".sqlite") is False
    assert db.db_exist("") is False


def test_server_version(db):
    assert db.server_version() == "18.0"


def test_list_lang(db):
    langs = db.list_lang()
    assert isinstance(langs, list)
    assert ["en_US", "English (US)"] in langs
    for entry in langs:
        assert len(entry) == 2 and all(isinstance(x, str) for x in entry)


@pytest.mark.parametrize("method,args", [
    ("create_database", ("master", "newdb", False, "en_US", "x")),
    ("drop", ("master", DB)),
    ("dump", ("master", DB, "zip")),
    ("duplicate_database", ("master", DB, "copy")),
    ("rename", ("master", DB, "other")),
    ("change_admin_password", ("master", "new")),
])
def test_master_password_methods_are_access_denied(db, method, args):
    with pytest.raises(xmlrpc.client.Fault) as e:
        getattr(db, method)(*args)
    assert e.value.faultCode == 3
    assert e.value.faultString == "Access Denied"


def test_denied_methods_changed_nothing(db):
    dbs = db.list()
    assert DB in dbs
    assert "newdb" not in dbs and "copy" not in dbs and "other" not in dbs
