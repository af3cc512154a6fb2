#!/usr/bin/python3
"""No SQL outside store/ and the model layer's query builder.

Every table of keygate's is read and written through one repository in src/store/; the model
layer (src/models/) builds the SQL of the models' own records from their definitions. Any other
file that starts an SQL statement in a string literal fails this check, so a new one cannot
creep in.

NOT_MOVED_YET lists the files whose statements have not been moved into src/store/ yet, with
how many statements each still starts. It can only shrink: a file that starts more statements
than listed fails, and so does one that starts fewer (lower its number, or drop it at zero).

Usage: check_sql_owners.py [SOURCE_ROOT]   (default: the repository of this file)
       check_sql_owners.py --self-test
"""

import os
import re
import sys

# The model layer's query builder: the SQL of models' records, built from model definitions.
QUERY_BUILDER = {
    "src/models/contact_names.cc",
    "src/models/domain.cc",
    "src/models/field_values.cc",
    "src/models/read_group.cc",
    "src/models/read_methods.cc",
    "src/models/reader.cc",
    "src/models/search.cc",
    "src/models/writer.cc",
}

# Test code may set up tables directly.
TEST_FILE = re.compile(r"(_test\.(cc|h)|_test_util\.h|/test_db\.cc|/test_migrated_db\.h)$")

NOT_MOVED_YET = {
}

LITERAL = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
RAW_LITERAL = re.compile(r'R"([^(\s"]{0,16})\((.*?)\)\1"', re.S)
STATEMENT = re.compile(
    r"^\s*(SELECT\b|INSERT\s+INTO\b|UPDATE\s+\w+\s+SET\b|DELETE\s+FROM\b|"
    r"CREATE\s+(TABLE|INDEX|UNIQUE|TRIGGER|VIEW|OR|TEMP)\b|DROP\s+\w+|ALTER\s+TABLE\b|"
    r"WITH\s+(RECURSIVE\b|\w+\s*(\([^)]*\))?\s+AS\b)|PRAGMA\b|LISTEN\b|NOTIFY\b)")


def statements_in(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    raw = [m.group(2) for m in RAW_LITERAL.finditer(text)]
    plain = [m.group(1) for m in LITERAL.finditer(RAW_LITERAL.sub("", text))]
    return sum(1 for literal in raw + plain if STATEMENT.match(literal))


def self_test():
    """The check has teeth: a statement in a new file, or one more in a listed file, fails it."""
    import shutil
    import tempfile
    root = tempfile.mkdtemp()
    try:
        os.makedirs(os.path.join(root, "src/services"))
        os.makedirs(os.path.join(root, "src/store"))
        with open(os.path.join(root, "src/store/ok.cc"), "w") as f:
            f.write('auto q = "SELECT 1";\n')
        assert check(root, {}) == [], "store/ is the owner"
        with open(os.path.join(root, "src/services/new.cc"), "w") as f:
            f.write('c.Query("DELETE FROM res_users WHERE id = ?", {id});\n'
                    'auto r = R"sql(\n  UPDATE res_users SET active = 0)sql";\n')
        assert len(check(root, {})) == 1, "a new file with SQL fails"
        assert check(root, {"src/services/new.cc": 2}) == [], "listed with its count"
        assert len(check(root, {"src/services/new.cc": 1})) == 1, "more than listed fails"
        assert len(check(root, {"src/services/new.cc": 3})) == 1, "fewer than listed fails"
    finally:
        shutil.rmtree(root)
    print("self-test passed")


def check(root, not_moved_yet):
    """The problems found under `root`, given the files not moved yet."""
    found = {}
    for folder, _, files in os.walk(os.path.join(root, "src")):
        for name in files:
            if not name.endswith((".cc", ".h")):
                continue
            rel = os.path.relpath(os.path.join(folder, name), root)
            if rel.startswith("src/store/") or rel in QUERY_BUILDER or TEST_FILE.search(rel):
                continue
            n = statements_in(os.path.join(root, rel))
            if n:
                found[rel] = n
    problems = []
    for rel, n in sorted(found.items()):
        allowed = not_moved_yet.get(rel, 0)
        if n > allowed:
            problems.append("%s starts %d SQL statement(s)%s: move them into a repository in "
                            "src/store/" % (rel, n, " (listed: %d)" % allowed if allowed else ""))
    for rel, allowed in sorted(not_moved_yet.items()):
        n = found.get(rel, 0)
        if n < allowed:
            problems.append("%s starts %d SQL statement(s), NOT_MOVED_YET says %d: lower it "
                            "(the list only shrinks)" % (rel, n, allowed))
    return problems


def main():
    if sys.argv[1:] == ["--self-test"]:
        self_test()
        return 0
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(
        os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    problems = check(root, NOT_MOVED_YET)
    for p in problems:
        print(p)
    print("%d file(s) outside src/store/ and the query builder still start SQL statements: %d "
          "statement(s) (NOT_MOVED_YET)" % (len(NOT_MOVED_YET), sum(NOT_MOVED_YET.values())))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
