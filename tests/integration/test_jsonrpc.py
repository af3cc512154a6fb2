"""POST /jsonrpc and the JSON routes under /web/, with Odoo's JSON-RPC 2.0 envelope and error
shape; a second server with list_db off and server_version 19.0.
"""

import xmlrpc.client

import pytest
import requests

from conftest import ADMIN_PASSWORD, ADMIN_UID, DB, VERSION_18, Server, random_key

ERROR_DATA_KEYS = {"name", "message", "arguments", "context", "debug"}


@pytest.fixture(scope="module")
def http():
    s = requests.Session()
    s.trust_env = False  # loopback only: never through a proxy from the environment
    yield s
    s.close()


def post_json(http, server, path, payload):
    r = http.post(server.url + path, json=payload, timeout=30)
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].startswith("application/json")
    return r.json()


def call(http, server, service, method, args, id_=1):
    return post_json(http, server, "/jsonrpc", {
        "jsonrpc": "2.0", "method": "call", "id": id_,
        "params": {"service": service, "method": method, "args": args}})


def assert_error(body, name, message, id_=1, code=200):
    assert set(body) == {"jsonrpc", "id", "error"}
    assert body["jsonrpc"] == "2.0"
    assert body["id"] == id_
    err = body["error"]
    assert set(err) == {"code", "message", "data"}
    assert err["code"] == code
    assert err["message"] == "Odoo Server Error"
    data = err["data"]
    assert set(data) == ERROR_DATA_KEYS
    assert data["name"] == name
    assert data["message"] == message
    assert data["arguments"] == [message]
    assert data["context"] == {}
    assert isinstance(data["debug"], str)
    return data


def test_version_envelope(http, server):
    body = call(http, server, "common", "version", [], id_=7)
    assert body == {"jsonrpc": "2.0", "id": 7, "result": VERSION_18}


def test_id_is_echoed_whatever_its_type(http, server):
    assert call(http, server, "common", "about", [], id_="abc")["id"] == "abc"
    assert call(http, server, "common", "about", [], id_=None)["id"] is None


def test_authenticate_and_execute_kw(http, server, admin_key):
    body = call(http, server, "common", "authenticate", [DB, "admin", admin_key, {}])
    assert body == {"jsonrpc": "2.0", "id": 1, "result": ADMIN_UID}
    body = call(http, server, "object", "execute_kw",
                [DB, ADMIN_UID, admin_key, "res.partner", "search_read",
                 [[("name", "=", "Deco Addict")]], {"fields": ["name", "email"]}], id_=2)
    assert set(body) == {"jsonrpc", "id", "result"}
    assert body["id"] == 2
    rows = body["result"]
    assert len(rows) == 1
    assert rows[0]["name"] == "Deco Addict"
    assert rows[0]["email"] == "deco_addict@example.com"
    assert set(rows[0]) == {"id", "name", "email"}


def test_authenticate_with_password(http, server):
    body = call(http, server, "common", "login", [DB, "admin", ADMIN_PASSWORD])
    assert body["result"] == ADMIN_UID


def test_bad_credentials_authenticate_is_false(http, server):
    body = call(http, server, "common", "authenticate", [DB, "admin", random_key(), {}])
    assert body == {"jsonrpc": "2.0", "id": 1, "result": False}


def test_bad_key_error_envelope(http, server):
    body = call(http, server, "object", "execute_kw",
                [DB, ADMIN_UID, random_key(), "res.partner", "search", [[]]], id_=3)
    assert_error(body, "odoo.exceptions.AccessDenied", "Access Denied", id_=3)


def test_unknown_database(http, server, admin_key):
    body = call(http, server, "object", "execute_kw",
                [ "nodb", ADMIN_UID, admin_key, "res.partner", "search", [[]]])
    err = body["error"]
    assert err["code"] == 200
    assert err["message"] == "Odoo Server Error"
    assert set(err["data"]) == ERROR_DATA_KEYS
    assert 'database "nodb" does not exist' in err["data"]["message"]


def test_unknown_model_is_user_error(http, server, admin_key):
    body = call(http, server, "object", "execute_kw",
                [DB, ADMIN_UID, admin_key, "x.y", "search", [[]]])
    assert_error(body, "odoo.exceptions.UserError", "Object x.y doesn't exist")


def test_private_method_is_access_error(http, server, admin_key):
    body = call(http, server, "object", "execute_kw",
                [DB, ADMIN_UID, admin_key, "res.partner", "_foo", [[]]])
    assert_error(body, "odoo.exceptions.AccessError",
                 "Private methods (such as _foo) cannot be called remotely.")


def test_nested_domain_values_round_trip(http, server, admin_key):
    body = call(http, server, "object", "execute_kw",
                [DB, ADMIN_UID, admin_key, "res.partner", "search_count",
                 [["|", ["city", "=", "Tracy"], ["city", "=", "Turlock"]]], {}])
    assert body["result"] == 5


def test_missing_params_is_an_error_envelope(http, server):
    body = post_json(http, server, "/jsonrpc",
                     {"jsonrpc": "2.0", "method": "call", "id": 4, "params": {"service": "common"}})
    assert body["id"] == 4
    assert body["error"]["code"] == 200
    assert body["error"]["message"] == "Odoo Server Error"
    assert set(body["error"]["data"]) == ERROR_DATA_KEYS


def test_webclient_version_info(http, server):
    body = post_json(http, server, "/web/webclient/version_info",
                     {"jsonrpc": "2.0", "method": "call", "id": 5, "params": {}})
    assert body == {"jsonrpc": "2.0", "id": 5, "result": VERSION_18}


def test_web_database_list(http, server):
    body = post_json(http, server, "/web/database/list",
                     {"jsonrpc": "2.0", "method": "call", "id": 6, "params": {}})
    assert set(body) == {"jsonrpc", "id", "result"}
    assert DB in body["result"]


# --- a second server: list_db off, presenting Odoo 19 ----------------------------------------


@pytest.fixture(scope="module")
def odoo19_server(data_dir, demo_db):
    srv = Server(data_dir, "--list-db", "False", "--server-version", "19.0").start()
    yield srv
    srv.stop()


def test_list_db_off_web_database_list(http, odoo19_server):
    body = post_json(http, odoo19_server, "/web/database/list",
                     {"jsonrpc": "2.0", "method": "call", "id": 8, "params": {}})
    assert_error(body, "odoo.exceptions.AccessDenied", "Access Denied", id_=8, code=0)


def test_list_db_off_jsonrpc_db_list(http, odoo19_server):
    body = call(http, odoo19_server, "db", "list", [])
    assert_error(body, "odoo.exceptions.AccessDenied", "Access Denied", code=0)


def test_list_db_off_xmlrpc_db_list_is_fault_3(odoo19_server):
    with pytest.raises(xmlrpc.client.Fault) as e:
        odoo19_server.db().list()
    assert e.value.faultCode == 3
    assert e.value.faultString == "Access Denied"


def test_list_db_off_still_answers_db_exist(odoo19_server):
    assert odoo19_server.db().db_exist(DB) is True


def test_server_version_19(http, odoo19_server, admin_key):
    expected = {"server_version": "19.0", "server_version_info": [19, 0, 0, "final", 0, ""],
                "server_serie": "19.0", "protocol_version": 1}
    assert odoo19_server.common().version() == expected
    assert odoo19_server.db().server_version() == "19.0"
    body = post_json(http, odoo19_server, "/web/webclient/version_info",
                     {"jsonrpc": "2.0", "method": "call", "id": 9, "params": {}})
    assert body["result"] == expected
    # Odoo 19 sends error code 0 where Odoo 18 sends 200.
    body = call(http, odoo19_server, "object", "execute_kw",
                [DB, ADMIN_UID, random_key(), "res.partner", "search", [[]]])
    assert_error(body, "odoo.exceptions.AccessDenied", "Access Denied", code=0)
    # The same key works on both servers: they share the database.
    body = call(http, odoo19_server, "object", "execute_kw",
                [DB, ADMIN_UID, admin_key, "res.partner", "search_count", [[]]])
    assert body["result"] >= 14
