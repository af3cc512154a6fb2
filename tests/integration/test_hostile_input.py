"""Hostile and malformed requests against the running server, over raw HTTP: each gets a clear
fault, JSON-RPC error or HTTP 4xx, and the server keeps serving.
"""

import http.client
import json
import select
import socket
import time
import xmlrpc.client

import pytest

from conftest import ADMIN_UID, DB, VERSION_18, read_http_response


def post(server, path, body, content_type="text/xml", method="POST"):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        if isinstance(body, str):
            body = body.encode("utf-8")
        headers = {"Content-Type": content_type}
        conn.request(method, path, body=body, headers=headers)
        r = conn.getresponse()
        return r.status, dict((k.lower(), v) for k, v in r.getheaders()), r.read()
    finally:
        conn.close()


def xmlrpc_fault(server, body, path="/xmlrpc/2/common"):
    """POSTs an XML-RPC body; asserts HTTP 200 and a fault; returns the Fault."""
    status, _, data = post(server, path, body)
    assert status == 200, data[:300]
    with pytest.raises(xmlrpc.client.Fault) as e:
        xmlrpc.client.loads(data)
    return e.value


def jsonrpc_error(server, body, path="/jsonrpc"):
    status, headers, data = post(server, path, body, content_type="application/json")
    assert status == 200, data[:300]
    assert headers["content-type"].startswith("application/json")
    doc = json.loads(data)
    assert doc["jsonrpc"] == "2.0"
    assert "result" not in doc
    err = doc["error"]
    assert err["code"] == 200
    assert err["message"] == "Odoo Server Error"
    assert set(err["data"]) == {"name", "message", "arguments", "context", "debug"}
    return doc


def assert_alive(server):
    assert server.alive()
    assert server.common().version() == VERSION_18


def call_xml(method, params_xml):
    return ("<?xml version='1.0'?>\n<methodCall><methodName>%s</methodName><params>%s</params>"
            "</methodCall>" % (method, params_xml))


def string_param(s):
    return "<param><value><string>%s</string></value></param>" % s


def int_param(n):
    return "<param><value><int>%d</int></value></param>" % n


# --- malformed XML -------------------------------------------------------------------------


@pytest.mark.parametrize("body", [
    "<methodCall><methodName>version</methodName><params>",
    "this is not XML at all",
    "",
    "<methodCall><methodName>version</methodName><params></params></methodCall><extra/>",
    "<methodCall><params></params></methodCall>",
    call_xml("version", "<param><value><int>notanumber</int></value></param>"),
    call_xml("version", "<param><value><boolean>2</boolean></value></param>"),
    call_xml("version", "<param><value><base64>!!!</base64></value></param>"),
    call_xml("version", "<param><value><unknowntype>1</unknowntype></value></param>"),
    call_xml("version", "<param><value><int>99999999999999999999999</int></value></param>"),
], ids=["truncated", "not_xml", "empty", "two_roots", "no_method_name", "bad_int", "bad_boolean",
        "bad_base64", "unknown_type", "int_overflow"])
def test_malformed_xml_is_fault_1(server, body):
    f = xmlrpc_fault(server, body)
    assert f.faultCode == 1
    assert f.faultString
    assert "Traceback" not in f.faultString


def test_malformed_xml_legacy_is_fault(server):
    f = xmlrpc_fault(server, "<methodCall><methodName>version", path="/xmlrpc/common")
    assert f.faultString
    assert_alive(server)


# --- size ----------------------------------------------------------------------------------

BIG = 60 * 1024 * 1024


def test_60_mb_body_is_413(server):
    head = ("POST /xmlrpc/2/common HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\n"
            "Content-Length: %d\r\n\r\n" % BIG).encode()
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as s:
        s.sendall(head)
        # The length alone is enough to refuse; keep sending only if no answer came yet.
        chunk = b"<" * (1024 * 1024)
        sent = 0
        try:
            while sent < BIG:
                r, _, _ = select.select([s], [], [], 0 if sent else 1.0)
                if r:
                    break
                s.sendall(chunk)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
        status, _, _ = read_http_response(s, timeout=20)
    assert status == 413
    assert_alive(server)


def test_60_mb_chunked_body_is_413(server):
    head = (b"POST /jsonrpc HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n")
    piece = b" " * (1024 * 1024)
    chunk = b"%x\r\n" % len(piece) + piece + b"\r\n"
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as s:
        s.sendall(head)
        sent = 0
        try:
            while sent < BIG:
                r, _, _ = select.select([s], [], [], 0)
                if r:
                    break
                s.sendall(chunk)
                sent += len(piece)
        except (BrokenPipeError, ConnectionResetError):
            pass
        status, _, _ = read_http_response(s, timeout=20)
    assert status == 413
    assert_alive(server)


# --- nesting -------------------------------------------------------------------------------

DEPTH = 5000


def test_5000_deep_xml_arrays(server):
    value = "<value><array><data>" * DEPTH + "<value><int>1</int></value>" + \
        "</data></array></value>" * DEPTH
    f = xmlrpc_fault(server, call_xml("version", "<param>%s</param>" % value))
    assert f.faultCode == 1
    assert "nest" in f.faultString.lower() or "deep" in f.faultString.lower()
    assert_alive(server)


def test_5000_deep_xml_structs(server):
    value = "<value><struct><member><name>a</name>" * DEPTH + "<value><int>1</int></value>" + \
        "</member></struct></value>" * DEPTH
    f = xmlrpc_fault(server, call_xml("version", "<param>%s</param>" % value))
    assert f.faultCode == 1
    assert "nest" in f.faultString.lower() or "deep" in f.faultString.lower()
    assert_alive(server)


def test_5000_deep_json_arrays(server):
    body = ('{"jsonrpc": "2.0", "method": "call", "id": 1, "params": {"service": "common", '
            '"method": "version", "args": ' + "[" * DEPTH + "]" * DEPTH + "}}")
    doc = jsonrpc_error(server, body)
    msg = doc["error"]["data"]["message"].lower()
    assert "nest" in msg or "deep" in msg
    assert_alive(server)


def test_5000_deep_json_objects(server):
    body = '{"jsonrpc": "2.0", "id": 1, "params": ' + '{"a": ' * DEPTH + "1" + "}" * DEPTH + "}"
    doc = jsonrpc_error(server, body)
    msg = doc["error"]["data"]["message"].lower()
    assert "nest" in msg or "deep" in msg
    assert_alive(server)


# --- entities ------------------------------------------------------------------------------

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<methodCall><methodName>authenticate</methodName><params>
<param><value><string>&lol9;</string></value></param>
<param><value><string>admin</string></value></param>
<param><value><string>x</string></value></param>
<param><value><struct></struct></value></param>
</params></methodCall>"""

XXE = """<?xml version="1.0"?>
<!DOCTYPE foo [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<methodCall><methodName>db_exist</methodName><params>
<param><value><string>&xxe;</string></value></param>
</params></methodCall>"""

XXE_PARAMETER = """<?xml version="1.0"?>
<!DOCTYPE foo [ <!ENTITY % ext SYSTEM "file:///etc/passwd"> %ext; ]>
<methodCall><methodName>version</methodName><params></params></methodCall>"""


@pytest.mark.parametrize("body,path", [
    (BILLION_LAUGHS, "/xmlrpc/2/common"),
    (XXE, "/xmlrpc/2/db"),
    (XXE_PARAMETER, "/xmlrpc/2/common"),
], ids=["billion_laughs", "xxe", "xxe_parameter_entity"])
def test_dtd_is_refused(server, body, path):
    started = time.monotonic()
    status, _, data = post(server, path, body)
    assert time.monotonic() - started < 5
    assert status == 200
    assert b"root:" not in data  # /etc/passwd content never comes back
    with pytest.raises(xmlrpc.client.Fault) as e:
        xmlrpc.client.loads(data)
    assert e.value.faultCode == 1
    assert "DTD" in e.value.faultString
    assert_alive(server)


def test_undeclared_entity_is_fault(server):
    body = call_xml("db_exist", "<param><value><string>&xxe;</string></value></param>")
    f = xmlrpc_fault(server, body, path="/xmlrpc/2/db")
    assert f.faultCode == 1


# --- encoding ------------------------------------------------------------------------------


def test_invalid_utf8_in_xml_string_is_fault(server):
    body = call_xml("db_exist", "<param><value><string>").encode() + b"\xff\xfe\xc3(" + \
        b"</string></value></param></params></methodCall>"
    status, _, data = post(server, "/xmlrpc/2/db", body)
    assert status == 200
    with pytest.raises(xmlrpc.client.Fault) as e:
        xmlrpc.client.loads(data)
    assert e.value.faultCode == 1
    assert "UTF-8" in e.value.faultString
    assert_alive(server)


def test_invalid_utf8_in_json_string_is_400(server):
    # Odoo decodes the body as UTF-8 first: a UnicodeDecodeError is "Invalid JSON data".
    body = (b'{"jsonrpc": "2.0", "method": "call", "id": 1, "params": {"service": "db", '
            b'"method": "db_exist", "args": ["\xff\xfe\xc3("]}}')
    status, headers, data = post(server, "/jsonrpc", body, content_type="application/json")
    assert (status, data) == (400, b"Invalid JSON data")
    assert headers["content-type"].startswith("text/html")
    assert_alive(server)


def test_control_character_in_xml_is_fault(server):
    body = call_xml("db_exist", "<param><value><string>a\x01b</string></value></param>")
    f = xmlrpc_fault(server, body, path="/xmlrpc/2/db")
    assert f.faultCode == 1


# --- arity and types -----------------------------------------------------------------------


def test_wrong_arity_is_fault_1(server):
    f = xmlrpc_fault(server, call_xml("version", string_param("extra")))
    assert f.faultCode == 1
    assert "positional argument" in f.faultString


def test_uid_as_list_is_fault_1(server, admin_key):
    params = (string_param(DB) + "<param><value><array><data><value><int>2</int></value>"
              "</data></array></value></param>" + string_param(admin_key) +
              string_param("res.partner") + string_param("search") +
              "<param><value><array><data></data></array></value></param>")
    f = xmlrpc_fault(server, call_xml("execute_kw", params), path="/xmlrpc/2/object")
    assert f.faultCode == 1
    assert "uid" in f.faultString


def test_args_not_a_list_is_fault_1(server, admin_key):
    params = (string_param(DB) + int_param(ADMIN_UID) + string_param(admin_key) +
              string_param("res.partner") + string_param("search") + string_param("notalist"))
    f = xmlrpc_fault(server, call_xml("execute_kw", params), path="/xmlrpc/2/object")
    assert f.faultCode == 1
    assert "args" in f.faultString and "list" in f.faultString


def test_json_args_not_a_list_is_error(server):
    body = json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1,
                       "params": {"service": "common", "method": "version", "args": "x"}})
    doc = jsonrpc_error(server, body)
    assert "args" in doc["error"]["data"]["message"]


def test_json_unknown_service_is_error(server):
    body = json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1,
                       "params": {"service": "nope", "method": "x", "args": []}})
    jsonrpc_error(server, body)


# --- HTTP level ----------------------------------------------------------------------------


def test_get_on_xmlrpc_is_405(server):
    status, headers, _ = post(server, "/xmlrpc/2/common", b"", method="GET")
    assert status == 405


def test_get_on_jsonrpc_is_400(server):
    # Odoo's JSON routes take any method: a request that is not JSON is werkzeug's BadRequest.
    status, _, _ = post(server, "/jsonrpc", b"", method="GET")
    assert status == 400


@pytest.mark.parametrize("path", ["/nope", "/xmlrpc/2/", "/xmlrpc/2/common/extra", "/web/login2"])
def test_unknown_path_is_404(server, path):
    status, _, _ = post(server, path, b"")
    assert status == 404


def test_unknown_xmlrpc_service_is_fault(server):
    f = xmlrpc_fault(server, call_xml("version", ""), path="/xmlrpc/2/nosuchservice")
    assert f.faultCode == 1


# Odoo's JsonRPCDispatcher: a body that is no JSON object is a plain 400 (werkzeug's abort),
# params that are no object an error in the envelope.
@pytest.mark.parametrize("body, text", [
    (b"not json", b"Invalid JSON data"), (b"[1, 2, 3]", b"Invalid JSON-RPC data"),
    (b"", b"Invalid JSON data"), (b"{\"a\": 1", b"Invalid JSON data")],
    ids=["text", "array", "empty", "truncated"])
def test_non_json_body_on_jsonrpc_is_400(server, body, text):
    status, headers, data = post(server, "/jsonrpc", body, content_type="application/json")
    assert (status, data) == (400, text)
    assert headers["content-type"].startswith("text/html")


def test_params_not_an_object_is_error_envelope(server):
    doc = jsonrpc_error(server, b'{"params": 5}')
    assert doc["id"] is None


@pytest.mark.parametrize("content_type", ["text/plain", "text/xml", ""])
def test_jsonrpc_needs_a_json_content_type(server, content_type):
    body = b'{"jsonrpc": "2.0", "method": "call", "params": {}, "id": 1}'
    status, headers, _ = post(server, "/jsonrpc", body, content_type=content_type)
    assert status == 400
    assert headers["content-type"].startswith("text/html")


def test_garbage_request_line_is_400(server):
    from conftest import raw_http
    status, _, _ = raw_http(server.port, b"\x00\x01\x02 garbage\r\n\r\n")
    assert status == 400
    assert_alive(server)


def test_server_survived_everything(server):
    assert_alive(server)
    # And still authenticates and reads.
    assert server.common().version() == VERSION_18
    assert server.db().db_exist(DB) is True
