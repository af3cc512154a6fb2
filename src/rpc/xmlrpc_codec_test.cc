// Tests for the XML-RPC codec: every value type, the security limits (DTDs, entities, nesting,
// encoding), malformed input, and byte-exact agreement with Python's xmlrpc.client.
#include "rpc/xmlrpc_codec.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <random>
#include <string>

#include "rpc/codec_text.h"
#include "rpc/request_limits.h"

namespace keygate::rpc {
namespace {

constexpr char kPython[] = "/usr/bin/python3";

std::string Call(std::string_view params_xml) {
  return "<?xml version='1.0'?>\n<methodCall>\n<methodName>execute_kw</methodName>\n<params>\n" +
         std::string(params_xml) + "</params>\n</methodCall>\n";
}

std::string OneParam(std::string_view value_xml) {
  return Call("<param>" + std::string(value_xml) + "</param>\n");
}

// Parses a call with one parameter and returns that parameter.
Value ParseOne(std::string_view value_xml) {
  StatusOr<XmlRpcCall> call = ParseXmlRpcCall(OneParam(value_xml));
  EXPECT_TRUE(call.ok()) << call.status().message();
  if (!call.ok()) return Value("<parse failed>");
  EXPECT_EQ(call->params.size(), 1u);
  return call->params.empty() ? Value("<no params>") : call->params[0];
}

// The error message for a body that must be rejected.
// A body that is no XML document at all: expat's error, as Odoo passes it on.
std::string ExpatErrorOf(std::string_view body) {
  StatusOr<XmlRpcCall> call = ParseXmlRpcCall(body);
  EXPECT_FALSE(call.ok());
  if (call.ok()) return "<accepted>";
  EXPECT_EQ(call.status().code(), StatusCode::kXmlSyntaxError);
  return call.status().message();
}

std::string ErrorOf(std::string_view body) {
  StatusOr<XmlRpcCall> call = ParseXmlRpcCall(body);
  EXPECT_FALSE(call.ok());
  if (call.ok()) return "<accepted>";
  EXPECT_EQ(call.status().code(), StatusCode::kInvalidRequest);
  return call.status().message();
}

std::string Nested(int depth, std::string_view open, std::string_view close,
                   std::string_view inner) {
  std::string s;
  for (int i = 0; i < depth; ++i) s += open;
  s += inner;
  for (int i = 0; i < depth; ++i) s += close;
  return s;
}

std::string WriteTempFile(const std::string& name, const std::string& content) {
  // The pid keeps concurrently running test processes (ctest -j) off each other's files.
  const std::string path =
      ::testing::TempDir() + "/xmlrpc_codec_test_" + std::to_string(getpid()) + "_" + name;
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

// Runs a Python script file with arguments and returns its standard output; fails the test when
// Python cannot be run.
std::string RunPython(const std::string& script, const std::string& args) {
  const std::string script_path = WriteTempFile("script.py", script);
  const std::string command = std::string(kPython) + " " + script_path + " " + args;
  FILE* pipe = popen(command.c_str(), "r");
  EXPECT_NE(pipe, nullptr) << "cannot run " << kPython;
  if (pipe == nullptr) return "";
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), pipe)) > 0) out.append(buf, n);
  const int rc = pclose(pipe);
  EXPECT_EQ(rc, 0) << "python failed: " << out;
  return out;
}

// --- Parsing values ---

TEST(XmlRpcParseTest, MethodNameAndParams) {
  StatusOr<XmlRpcCall> call =
      ParseXmlRpcCall(Call("<param><value><string>db</string></value></param>\n"
                           "<param><value><int>2</int></value></param>\n"));
  ASSERT_TRUE(call.ok()) << call.status().message();
  EXPECT_EQ(call->method, "execute_kw");
  ASSERT_EQ(call->params.size(), 2u);
  EXPECT_EQ(call->params[0], Value("db"));
  EXPECT_EQ(call->params[1], Value(2));
}

TEST(XmlRpcParseTest, NoParamsElementMeansNoParams) {
  StatusOr<XmlRpcCall> call =
      ParseXmlRpcCall("<methodCall><methodName>version</methodName></methodCall>");
  ASSERT_TRUE(call.ok()) << call.status().message();
  EXPECT_EQ(call->method, "version");
  EXPECT_TRUE(call->params.empty());
  call = ParseXmlRpcCall("<methodCall><methodName>version</methodName><params/></methodCall>");
  ASSERT_TRUE(call.ok());
  EXPECT_TRUE(call->params.empty());
}

TEST(XmlRpcParseTest, DeclarationBomAndNamespacedRoot) {
  for (const std::string body :
       {"\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<methodCall><methodName>m"
        "</methodName></methodCall>",
        "  \n<methodCall>\n  <methodName>m</methodName>\n  <params>\n  </params>\n</methodCall>\n"
        "<!-- trailing comment -->\n"}) {
    StatusOr<XmlRpcCall> call = ParseXmlRpcCall(body);
    ASSERT_TRUE(call.ok()) << call.status().message();
    EXPECT_EQ(call->method, "m");
    EXPECT_TRUE(call->params.empty());
  }
}

TEST(XmlRpcParseTest, Integers) {
  EXPECT_EQ(ParseOne("<value><int>42</int></value>"), Value(42));
  EXPECT_EQ(ParseOne("<value><i4>-7</i4></value>"), Value(-7));
  EXPECT_EQ(ParseOne("<value><i8>9223372036854775807</i8></value>"),
            Value(std::numeric_limits<int64_t>::max()));
  EXPECT_EQ(ParseOne("<value><i8>-9223372036854775808</i8></value>"),
            Value(std::numeric_limits<int64_t>::min()));
  EXPECT_EQ(ParseOne("<value><int> 42\n</int></value>"), Value(42));
  EXPECT_EQ(ParseOne("<value><int>+5</int></value>"), Value(5));
}

TEST(XmlRpcParseTest, BadIntegers) {
  for (const char* text :
       {"12x", "", "1.5", "9223372036854775808", "-9223372036854775809", "0x10", "1 2"}) {
    EXPECT_EQ(ErrorOf(OneParam(std::string("<value><int>") + text + "</int></value>")),
              "malformed XML-RPC request: bad integer value")
        << text;
  }
}

TEST(XmlRpcParseTest, Booleans) {
  EXPECT_EQ(ParseOne("<value><boolean>1</boolean></value>"), Value(true));
  EXPECT_EQ(ParseOne("<value><boolean>0</boolean></value>"), Value(false));
  for (const char* text : {"2", "true", "", " 1", "01"}) {
    EXPECT_EQ(ErrorOf(OneParam(std::string("<value><boolean>") + text + "</boolean></value>")),
              "malformed XML-RPC request: bad boolean value")
        << text;
  }
}

TEST(XmlRpcParseTest, Strings) {
  EXPECT_EQ(ParseOne("<value><string>hello</string></value>"), Value("hello"));
  EXPECT_EQ(ParseOne("<value><string/></value>"), Value(""));
  EXPECT_EQ(ParseOne("<value><string></string></value>"), Value(""));
  EXPECT_EQ(ParseOne("<value></value>"), Value(""));
  EXPECT_EQ(ParseOne("<value/>"), Value(""));
  EXPECT_EQ(ParseOne("<value>  untyped\ttext  </value>"), Value("  untyped\ttext  "));
  EXPECT_EQ(ParseOne("<value>   </value>"), Value("   "));
  EXPECT_EQ(ParseOne("<value><string>  </string></value>"), Value("  "));
  EXPECT_EQ(ParseOne("<value><string>a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;</string>"
                     "</value>"),
            Value("a & b <c> \"d\" 'e'"));
  EXPECT_EQ(ParseOne("<value><string>&#65;&#x42;&#xe9;&#128512;</string></value>"),
            Value("AB\xC3\xA9\xF0\x9F\x98\x80"));
  EXPECT_EQ(ParseOne("<value><string><![CDATA[<raw> & stuff]]></string></value>"),
            Value("<raw> & stuff"));
  EXPECT_EQ(ParseOne("<value><string>a<!-- note -->b</string></value>"), Value("ab"));
  EXPECT_EQ(ParseOne("<value><string>line1\r\nline2</string></value>"), Value("line1\nline2"));
  EXPECT_EQ(ParseOne("<value><string>caf\xC3\xA9</string></value>"), Value("caf\xC3\xA9"));
}

TEST(XmlRpcParseTest, Doubles) {
  EXPECT_EQ(ParseOne("<value><double>1.5</double></value>"), Value(1.5));
  EXPECT_EQ(ParseOne("<value><double> -2.5e3 </double></value>"), Value(-2500.0));
  EXPECT_EQ(ParseOne("<value><double>3</double></value>"), Value(3.0));
  EXPECT_EQ(ParseOne("<value><double>inf</double></value>"),
            Value(std::numeric_limits<double>::infinity()));
  for (const char* text : {"1.5.5", "abc", "", "0x10", "1e"}) {
    EXPECT_EQ(ErrorOf(OneParam(std::string("<value><double>") + text + "</double></value>")),
              "malformed XML-RPC request: bad double value")
        << text;
  }
}

TEST(XmlRpcParseTest, DateTimeKeepsText) {
  Value v = ParseOne("<value><dateTime.iso8601>20240131T10:00:00</dateTime.iso8601></value>");
  ASSERT_TRUE(v.is_datetime());
  EXPECT_EQ(v.as_datetime(), "20240131T10:00:00");
}

TEST(XmlRpcParseTest, Base64) {
  Value v = ParseOne("<value><base64>\naGVs\nbG8=\n</base64></value>");
  ASSERT_TRUE(v.is_binary());
  EXPECT_EQ(v.as_binary(), "hello");
  Value empty = ParseOne("<value><base64></base64></value>");
  ASSERT_TRUE(empty.is_binary());
  EXPECT_EQ(empty.as_binary(), "");
  EXPECT_EQ(ErrorOf(OneParam("<value><base64>@@@@</base64></value>")),
            "malformed XML-RPC request: bad base64 value");
  EXPECT_EQ(ErrorOf(OneParam("<value><base64>aGk</base64></value>")),
            "malformed XML-RPC request: bad base64 value");
}

TEST(XmlRpcParseTest, Nil) {
  EXPECT_EQ(ParseOne("<value><nil/></value>"), Value());
  EXPECT_EQ(ParseOne("<value><ex:nil xmlns:ex=\"http://ws.apache.org/xmlrpc/namespaces/"
                     "extensions\"/></value>"),
            Value());
  EXPECT_EQ(ParseOne("<value><ex:i8 xmlns:ex=\"urn:x\">5000000000</ex:i8></value>"),
            Value(int64_t{5000000000}));
}

TEST(XmlRpcParseTest, ArraysAndStructs) {
  Value v = ParseOne(
      "<value><struct>\n"
      "<member><name>b</name><value><array><data>\n"
      "<value><int>1</int></value>\n<value>x</value>\n<value><nil/></value>"
      "</data></array></value></member>\n"
      "<member><name>a</name><value><struct></struct></value></member>\n"
      "<member><name>b</name><value><boolean>1</boolean></value></member>\n"
      "</struct></value>");
  // A repeated member name keeps its first position and its last value, as in a Python dict.
  EXPECT_EQ(v, Value(Value::Struct{{"b", Value(true)}, {"a", Value(Value::Struct{})}}));
  EXPECT_EQ(ParseOne("<value><array><data></data></array></value>"), Value(Value::Array{}));
  EXPECT_EQ(ParseOne("<value><array><data>\n</data></array></value>"), Value(Value::Array{}));
  EXPECT_EQ(ParseOne("<value><array><data><value><array><data><value>in</value></data></array>"
                     "</value></data></array></value>"),
            Value(Value::Array{Value(Value::Array{Value("in")})}));
}

TEST(XmlRpcParseTest, MalformedStructure) {
  EXPECT_NE(ErrorOf("<methodCall><methodName>x</methodName><params><param><value><int>1"
                    "</int>")
                .find("not well-formed XML"),
            std::string::npos);
  EXPECT_EQ(ExpatErrorOf(""), "no element found: line 1, column 0");
  EXPECT_EQ(ExpatErrorOf(" \n <!-- c -->\n"), "no element found: line 3, column 0");
  EXPECT_EQ(ExpatErrorOf("this is not xml"), "syntax error: line 1, column 0");
  EXPECT_EQ(ErrorOf("<methodResponse><params/></methodResponse>"),
            "malformed XML-RPC request: root element is not <methodCall>");
  EXPECT_EQ(ErrorOf("<methodCall><params/></methodCall>"),
            "malformed XML-RPC request: missing <methodName>");
  EXPECT_EQ(ErrorOf(Call("<param></param>")),
            "malformed XML-RPC request: expected exactly one <value>");
  EXPECT_EQ(ErrorOf(Call("<param><int>1</int></param>")),
            "malformed XML-RPC request: expected exactly one <value>");
  EXPECT_EQ(ErrorOf(OneParam("<value><float128>1</float128></value>")),
            "malformed XML-RPC request: unknown value type");
  EXPECT_EQ(ErrorOf(OneParam("<value><int>1</int><int>2</int></value>")),
            "malformed XML-RPC request: more than one type inside <value>");
  EXPECT_EQ(ErrorOf(OneParam("<value>x<int>1</int></value>")),
            "malformed XML-RPC request: unexpected text inside <value>");
  EXPECT_EQ(ErrorOf(OneParam("<value><int><b>1</b></int></value>")),
            "malformed XML-RPC request: unexpected element inside <int>");
  EXPECT_EQ(ErrorOf(OneParam("<value><struct><member><name>a</name></member></struct></value>")),
            "malformed XML-RPC request: <member> must hold one <name> and one <value>");
  EXPECT_EQ(ErrorOf(OneParam("<value><array><value>1</value></array></value>")),
            "malformed XML-RPC request: <array> must hold one <data>");
  EXPECT_EQ(ErrorOf("<methodCall><methodName>a</methodName></methodCall><methodCall/>"),
            "malformed XML-RPC request: more than one root element");
  EXPECT_EQ(ExpatErrorOf("<methodCall><methodName>a</methodName></methodCall>junk"),
            "junk after document element: line 1, column 51");
  EXPECT_EQ(ExpatErrorOf("junk<methodCall><methodName>a</methodName></methodCall>"),
            "syntax error: line 1, column 0");
  EXPECT_EQ(ExpatErrorOf("<!-- c -->\n  junk<methodCall><methodName>a</methodName></methodCall>"),
            "syntax error: line 2, column 2");
  EXPECT_EQ(ErrorOf("<methodCall><methodName></methodName></methodCall>"),
            "malformed XML-RPC request: empty <methodName>");
}

// --- Security ---

TEST(XmlRpcSecurityTest, RejectsEntityBomb) {
  const std::string bomb =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n"
      "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
      "<!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
      "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n]>\n"
      "<methodCall><methodName>&lol3;</methodName></methodCall>";
  EXPECT_EQ(ErrorOf(bomb), "malformed XML-RPC request: DTDs are not allowed");
}

TEST(XmlRpcSecurityTest, RejectsExternalEntity) {
  const std::string xxe =
      "<?xml version=\"1.0\"?>\n"
      "<!DOCTYPE foo [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
      "<methodCall><methodName>x</methodName><params><param><value>&xxe;</value></param>"
      "</params></methodCall>";
  EXPECT_EQ(ErrorOf(xxe), "malformed XML-RPC request: DTDs are not allowed");
  EXPECT_EQ(ErrorOf("<!doctype methodCall SYSTEM \"http://127.0.0.1/x.dtd\"><methodCall/>"),
            "malformed XML-RPC request: DTDs are not allowed");
}

TEST(XmlRpcSecurityTest, UndeclaredEntitiesAreErrorsNotText) {
  EXPECT_EQ(ErrorOf(OneParam("<value>&xxe;</value>")),
            "malformed XML-RPC request: invalid entity reference");
  EXPECT_EQ(ErrorOf(OneParam("<value>a & b</value>")),
            "malformed XML-RPC request: invalid entity reference");
  EXPECT_EQ(ErrorOf(OneParam("<value>&#0;</value>")),
            "malformed XML-RPC request: invalid entity reference");
  EXPECT_EQ(ErrorOf(OneParam("<value>&#1;</value>")),
            "malformed XML-RPC request: invalid entity reference");
  EXPECT_EQ(ErrorOf(OneParam("<value>&#xD800;</value>")),
            "malformed XML-RPC request: invalid entity reference");
  EXPECT_EQ(ErrorOf(OneParam("<value>&#x110000;</value>")),
            "malformed XML-RPC request: invalid entity reference");
  EXPECT_EQ(ErrorOf(OneParam("<value>&#99999999999999999999;</value>")),
            "malformed XML-RPC request: invalid entity reference");
}

TEST(XmlRpcSecurityTest, RejectsInvalidUtf8) {
  for (const char* bad : {"\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xC3", "\xFF"}) {
    EXPECT_EQ(ErrorOf(OneParam(std::string("<value>") + bad + "</value>")),
              "malformed XML-RPC request: invalid UTF-8");
  }
}

TEST(XmlRpcSecurityTest, RejectsCharactersXmlForbids) {
  EXPECT_EQ(ErrorOf(OneParam("<value>a\x01"
                             "b</value>")),
            "malformed XML-RPC request: character not allowed in XML");
  EXPECT_EQ(ErrorOf(OneParam(std::string("<value>a\0b</value>", 14))),
            "malformed XML-RPC request: character not allowed in XML");
  EXPECT_EQ(ErrorOf(OneParam("<value>\xEF\xBF\xBF</value>")),  // U+FFFF
            "malformed XML-RPC request: character not allowed in XML");
}

TEST(XmlRpcSecurityTest, NestingLimit) {
  const std::string array_open = "<value><array><data>";
  const std::string array_close = "</data></array></value>";
  // kMaxNestingDepth containers are fine ...
  StatusOr<XmlRpcCall> ok = ParseXmlRpcCall(
      Call("<param>" + Nested(kMaxNestingDepth, array_open, array_close, "") + "</param>"));
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  // ... one more is not.
  EXPECT_EQ(ErrorOf(Call("<param>" + Nested(kMaxNestingDepth + 1, array_open, array_close, "") +
                         "</param>")),
            "malformed XML-RPC request: nesting too deep");
  EXPECT_EQ(ErrorOf(Call("<param>" + Nested(5000, array_open, array_close, "") + "</param>")),
            "malformed XML-RPC request: nesting too deep");
  const std::string struct_open = "<value><struct><member><name>k</name>";
  const std::string struct_close = "</member></struct></value>";
  EXPECT_EQ(
      ErrorOf(Call("<param>" + Nested(5000, struct_open, struct_close, "<value/>") + "</param>")),
      "malformed XML-RPC request: nesting too deep");
}

TEST(XmlRpcSecurityTest, StructMemberLimit) {
  auto struct_of = [](size_t members, bool same_name) {
    std::string s = "<param><value><struct>";
    for (size_t i = 0; i < members; ++i) {
      s += "<member><name>k" + (same_name ? std::string() : std::to_string(i)) +
           "</name><value><int>1</int></value></member>";
    }
    return Call(s + "</struct></value></param>");
  };
  StatusOr<XmlRpcCall> ok = ParseXmlRpcCall(struct_of(kMaxStructMembers, false));
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_EQ(ok->params[0].as_struct().size(), kMaxStructMembers);
  EXPECT_EQ(ErrorOf(struct_of(kMaxStructMembers + 1, false)),
            "malformed XML-RPC request: a <struct> holds more than 10000 members");
  // Repeated names count: each is work to read.
  EXPECT_EQ(ErrorOf(struct_of(kMaxStructMembers + 1, true)),
            "malformed XML-RPC request: a <struct> holds more than 10000 members");
  // Refused before the document is parsed: what follows the 10,001st member is never read.
  std::string cut = struct_of(kMaxStructMembers + 1, true);
  cut.resize(cut.find("</struct>"));
  EXPECT_EQ(ErrorOf(cut + "<unclosed & not well-formed"),
            "malformed XML-RPC request: a <struct> holds more than 10000 members");
  // A response (from a server keygate trusts) has no such bound.
  std::string response = "<methodResponse><params><param><value><struct>";
  for (size_t i = 0; i <= kMaxStructMembers; ++i) {
    response += "<member><name>k" + std::to_string(i) + "</name><value>x</value></member>";
  }
  response += "</struct></value></param></params></methodResponse>";
  bool fault = true;
  StatusOr<Value> answer = ParseXmlRpcResponse(response, &fault);
  ASSERT_TRUE(answer.ok()) << answer.status().message();
  EXPECT_EQ(answer->as_struct().size(), kMaxStructMembers + 1);
}

TEST(XmlRpcSecurityTest, DeepNonRpcElementsDoNotCrash) {
  EXPECT_EQ(ErrorOf("<methodCall>" + Nested(200000, "<a>", "</a>", "") + "</methodCall>"),
            "malformed XML-RPC request: unexpected element inside <methodCall>");
  // Unclosed: the parser fails without recursing.
  EXPECT_NE(ErrorOf("<methodCall>" + Nested(200000, "<a>", "", "")).find("not well-formed"),
            std::string::npos);
}

TEST(XmlRpcSecurityTest, ErrorMessagesStayShort) {
  const std::string huge_name(1 << 20, 'n');
  for (const std::string& body :
       {"<" + huge_name + ">", OneParam("<value><" + huge_name + "/></value>"),
        OneParam("<value><int>" + huge_name + "</int></value>"), std::string(1 << 20, '<')}) {
    const std::string message = ErrorOf(body);
    EXPECT_LT(message.size(), 120u) << message.substr(0, 200);
    EXPECT_EQ(message.find('\n'), std::string::npos);
  }
}

TEST(XmlRpcSecurityTest, BigValues) {
  const std::string big(4 << 20, 'x');
  EXPECT_EQ(ParseOne("<value><string>" + big + "</string></value>"), Value(big));
  std::string many;
  for (int i = 0; i < 20000; ++i) many += "<value><int>" + std::to_string(i) + "</int></value>";
  Value array = ParseOne("<value><array><data>" + many + "</data></array></value>");
  ASSERT_TRUE(array.is_array());
  EXPECT_EQ(array.as_array().size(), 20000u);
  EXPECT_EQ(array.as_array()[19999], Value(19999));
  // Many members sharing one name collapse into one, in linear time (up to the member bound).
  std::string members;
  for (int i = 0; i < 10000; ++i) {
    members += "<member><name>k</name><value><int>" + std::to_string(i) + "</int></value></member>";
  }
  EXPECT_EQ(ParseOne("<value><struct>" + members + "</struct></value>"),
            Value(Value::Struct{{"k", Value(9999)}}));
}

// --- Serialisation ---

Value AllTypes() {
  return Value(Value::Struct{
      {"int", Value(42)},
      {"neg", Value(-1)},
      {"big", Value(int64_t{5000000000})},
      {"t", Value(true)},
      {"f", Value(false)},
      {"s", Value("a & <b> \xC3\xA9")},
      {"empty", Value("")},
      {"d", Value(1.5)},
      {"d1", Value(1.0)},
      {"nil", Value()},
      {"bin", Value(Value::Binary{"hi"})},
      {"when", Value(Value::DateTime{"20240131T10:00:00"})},
      {"list", Value(Value::Array{Value(1), Value("x"), Value(), Value(Value::Array{})})},
      {"obj", Value(Value::Struct{})},
  });
}

TEST(XmlRpcSerializeTest, ResponseMatchesPythonLayout) {
  EXPECT_EQ(SerializeXmlRpcResponse(Value(Value::Array{Value(1), Value(), Value("x")})),
            "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n"
            "<value><array><data>\n<value><int>1</int></value>\n<value><nil/></value>"
            "<value><string>x</string></value>\n</data></array></value>\n"
            "</param>\n</params>\n</methodResponse>\n");
  EXPECT_EQ(SerializeXmlRpcResponse(Value(int64_t{1} << 40)),
            "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n"
            "<value><i8>1099511627776</i8></value>\n</param>\n</params>\n</methodResponse>\n");
}

TEST(XmlRpcSerializeTest, Faults) {
  EXPECT_EQ(SerializeXmlRpcFault(3, "Access Denied"),
            "<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n"
            "<name>faultCode</name>\n<value><int>3</int></value>\n</member>\n<member>\n"
            "<name>faultString</name>\n<value><string>Access Denied</string></value>\n"
            "</member>\n</struct></value>\n</fault>\n</methodResponse>\n");
  EXPECT_EQ(SerializeXmlRpcFault("warning -- AccessError\n\nNo <access>", ""),
            "<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n"
            "<name>faultCode</name>\n<value><string>warning -- AccessError\n\nNo "
            "&lt;access&gt;</string></value>\n</member>\n<member>\n"
            "<name>faultString</name>\n<value><string></string></value>\n"
            "</member>\n</struct></value>\n</fault>\n</methodResponse>\n");
}

TEST(XmlRpcSerializeTest, Base64WrapsLikeEncodebytes) {
  const std::string out = SerializeXmlRpcResponse(Value(Value::Binary{std::string(100, 'a')}));
  const std::string line1(76, 'Y');
  EXPECT_NE(out.find("<value><base64>\nYWFh"), std::string::npos);
  EXPECT_NE(out.find("\n</base64></value>\n"), std::string::npos);
  // 100 bytes -> 136 base64 characters -> a 76-character line and a 60-character line.
  const size_t start = out.find("<base64>\n") + 9;
  const size_t end = out.find("</base64>");
  const std::string body = out.substr(start, end - start);
  EXPECT_EQ(body.size(), 136u + 2u);
  EXPECT_EQ(body[76], '\n');
  EXPECT_EQ(body.back(), '\n');
}

TEST(XmlRpcSerializeTest, InvalidUtf8InStringsIsReplaced) {
  EXPECT_EQ(SerializeXmlRpcResponse(Value("a\xFF")),
            "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n"
            "<value><string>a\xEF\xBF\xBD</string></value>\n</param>\n</params>\n"
            "</methodResponse>\n");
}

TEST(XmlRpcSerializeTest, RoundTripsThroughOwnParser) {
  const Value all = AllTypes();
  const std::string call_xml = SerializeXmlRpcCall("execute_kw", {all, Value("db")});
  StatusOr<XmlRpcCall> call = ParseXmlRpcCall(call_xml);
  ASSERT_TRUE(call.ok()) << call.status().message();
  EXPECT_EQ(call->method, "execute_kw");
  ASSERT_EQ(call->params.size(), 2u);
  EXPECT_EQ(call->params[0], all);
  EXPECT_EQ(call->params[1], Value("db"));

  bool is_fault = true;
  StatusOr<Value> result = ParseXmlRpcResponse(SerializeXmlRpcResponse(all), &is_fault);
  ASSERT_TRUE(result.ok()) << result.status().message();
  EXPECT_FALSE(is_fault);
  EXPECT_EQ(*result, all);
}

TEST(XmlRpcResponseParseTest, Fault) {
  bool is_fault = false;
  StatusOr<Value> fault = ParseXmlRpcResponse(SerializeXmlRpcFault(3, "Access Denied"), &is_fault);
  ASSERT_TRUE(fault.ok()) << fault.status().message();
  EXPECT_TRUE(is_fault);
  EXPECT_EQ(*fault,
            Value(Value::Struct{{"faultCode", Value(3)}, {"faultString", Value("Access Denied")}}));
}

TEST(XmlRpcResponseParseTest, Malformed) {
  bool is_fault = false;
  StatusOr<Value> r = ParseXmlRpcResponse("<html><body>502 Bad Gateway</body></html>", &is_fault);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "malformed XML-RPC response: root element is not <methodResponse>");
  r = ParseXmlRpcResponse("<methodResponse><params></params></methodResponse>", nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "malformed XML-RPC response: expected exactly one <param>");
  r = ParseXmlRpcResponse(
      "<methodResponse><fault><value><struct></struct></value></fault></methodResponse>",
      &is_fault);
  ASSERT_FALSE(r.ok());
  EXPECT_FALSE(is_fault);
}

// --- Agreement with Python's xmlrpc.client ---

TEST(XmlRpcPythonTest, PythonLoadsOurResponse) {
  const std::string xml_path = WriteTempFile("response.xml", SerializeXmlRpcResponse(AllTypes()));
  const std::string out = RunPython(
      "import sys, datetime, xmlrpc.client as x\n"
      "params, method = x.loads(open(sys.argv[1], 'rb').read(), use_builtin_types=True)\n"
      "expected = ({'int': 42, 'neg': -1, 'big': 5000000000, 't': True, 'f': False,\n"
      "  's': 'a & <b> \\u00e9', 'empty': '', 'd': 1.5, 'd1': 1.0, 'nil': None, 'bin': b'hi',\n"
      "  'when': datetime.datetime(2024, 1, 31, 10, 0, 0), 'list': [1, 'x', None, []],\n"
      "  'obj': {}},)\n"
      "ok = params == expected and list(params[0]) == list(expected[0]) and method is None\n"
      "print('OK' if ok else 'MISMATCH %r' % (params,))\n",
      xml_path);
  EXPECT_EQ(out, "OK\n");
}

TEST(XmlRpcPythonTest, PythonLoadsOurFaultAndCall) {
  const std::string fault_path = WriteTempFile("fault.xml", SerializeXmlRpcFault(4, "No <x>"));
  const std::string call_path =
      WriteTempFile("call.xml", SerializeXmlRpcCall("execute_kw", {Value("db"), Value(2)}));
  const std::string out = RunPython(
      "import sys, xmlrpc.client as x\n"
      "try:\n"
      "    x.loads(open(sys.argv[1], 'rb').read())\n"
      "    print('no fault')\n"
      "except x.Fault as f:\n"
      "    print(f.faultCode, f.faultString)\n"
      "print(x.loads(open(sys.argv[2], 'rb').read()))\n",
      fault_path + " " + call_path);
  EXPECT_EQ(out, "4 No <x>\n(('db', 2), 'execute_kw')\n");
}

TEST(XmlRpcPythonTest, ByteIdenticalToPythonDumps) {
  // Values Python can marshal (ints within int32) written both ways.
  const Value value(Value::Array{
      Value(Value::Struct{{"id", Value(7)}, {"name", Value("Azure <Interior> & Co")}}),
      Value(false), Value(), Value(0.1), Value(-2.0), Value(1e16), Value(1e-5),
      Value(Value::Binary{std::string(80, '\x01')}), Value(Value::Array{}), Value(Value::Struct{}),
      Value("\xC3\xA9t\xC3\xA9"), Value(Value::DateTime{"20240131T10:00:00"})});
  const std::string ours_path = WriteTempFile(
      "ours.xml", SerializeXmlRpcResponse(value) + SerializeXmlRpcFault(3, "Access Denied") +
                      SerializeXmlRpcFault("AccessDenied", "x") +
                      SerializeXmlRpcCall("login", {Value("db"), Value(1)}));
  const std::string out = RunPython(
      "import sys, xmlrpc.client as x\n"
      "v = [{'id': 7, 'name': 'Azure <Interior> & Co'}, False, None, 0.1, -2.0, 1e16, 1e-5,\n"
      "     x.Binary(b'\\x01' * 80), [], {}, '\\u00e9t\\u00e9', x.DateTime('20240131T10:00:00')]\n"
      "py = x.dumps((v,), methodresponse=True, allow_none=True)\n"
      "py += x.dumps(x.Fault(3, 'Access Denied'), methodresponse=True, allow_none=True)\n"
      "py += x.dumps(x.Fault('AccessDenied', 'x'), methodresponse=True, allow_none=True)\n"
      "py += x.dumps(('db', 1), 'login', allow_none=True)\n"
      "ours = open(sys.argv[1], encoding='utf-8').read()\n"
      "print('OK' if py == ours else 'DIFF\\n%r\\n%r' % (py, ours))\n",
      ours_path);
  EXPECT_EQ(out, "OK\n");
}

TEST(XmlRpcPythonTest, DoublesMatchPythonRepr) {
  std::mt19937_64 rng(12345);
  std::string ours;
  std::string bits;
  for (int i = 0; i < 3000; ++i) {
    double d;
    if (i % 3 == 0) {
      uint64_t raw = rng();
      std::memcpy(&d, &raw, sizeof(d));
      if (!std::isfinite(d)) continue;
    } else {
      d = std::ldexp(static_cast<double>(rng() % 1000000), static_cast<int>(rng() % 120) - 60);
      if (i % 2 == 0) d = static_cast<double>(rng() % 100000) / 1000.0;
    }
    uint64_t raw;
    std::memcpy(&raw, &d, sizeof(d));
    bits += std::to_string(raw) + "\n";
    ours += FormatPythonFloat(d) + "\n";
  }
  const std::string bits_path = WriteTempFile("bits.txt", bits);
  const std::string ours_path = WriteTempFile("reprs.txt", ours);
  const std::string out = RunPython(
      "import sys, struct\n"
      "bits = open(sys.argv[1]).read().split()\n"
      "ours = open(sys.argv[2]).read().split()\n"
      "bad = [(b, o) for b, o in zip(bits, ours)\n"
      "       if repr(struct.unpack('<d', struct.pack('<Q', int(b)))[0]) != o]\n"
      "print('OK %d' % len(bits) if not bad and len(bits) == len(ours) else 'BAD %r' % bad[:5])\n",
      bits_path + " " + ours_path);
  EXPECT_EQ(out.substr(0, 3), "OK ") << out;
}

}  // namespace
}  // namespace keygate::rpc
