"""`make install` (cmake --install of the build directory KEYGATE_BIN lives in) into a DESTDIR:
every file is there, the man page renders and lists the commands, the completions are the
binary's, systemd accepts the unit, and the example configuration lists every option with its
default and loads."""

import os
from pathlib import Path
import re
import shutil
import subprocess

import pytest

from conftest import KEYGATE_BIN
from test_cli import help_paths

BUILD = Path(KEYGATE_BIN).resolve().parent
SOURCE = Path(__file__).resolve().parents[2]
def cache_value(name):
    text = (BUILD / "CMakeCache.txt").read_text()
    return re.search(r"^%s:\w+=(.*)$" % name, text, re.M).group(1)


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The DESTDIR after cmake --install, and the configured prefix."""
    destdir = tmp_path_factory.mktemp("destdir")
    proc = subprocess.run(["cmake", "--install", str(BUILD)], env=dict(os.environ, DESTDIR=str(destdir)),
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return destdir, cache_value("CMAKE_INSTALL_PREFIX")


def run(*args, **kwargs):
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=120,
                          **kwargs)


def test_every_file_is_installed(installed):
    destdir, prefix = installed
    root = Path(str(destdir) + prefix)
    expected = {
        root / "bin/keygate": 0o755,
        root / "share/man/man1/keygate.1": 0o644,
        root / "share/bash-completion/completions/keygate": 0o644,
        root / "share/zsh/site-functions/_keygate": 0o644,
        root / "lib/systemd/system/keygate.service": 0o644,
        Path(str(destdir) + "/etc/keygate/keygate.conf"): 0o640,
    }
    assert {p: oct(p.stat().st_mode & 0o777) for p in expected if p.exists()} == \
        {p: oct(m) for p, m in expected.items()}
    assert run(root / "bin/keygate", "version").stdout.startswith("keygate ")
    bash = (root / "share/bash-completion/completions/keygate").read_text()
    assert bash == run(KEYGATE_BIN, "completion", "bash").stdout
    zsh = (root / "share/zsh/site-functions/_keygate").read_text()
    assert zsh == run(KEYGATE_BIN, "completion", "zsh").stdout


def test_an_existing_configuration_is_kept(installed, tmp_path):
    destdir = tmp_path / "again"
    conf = destdir / "etc/keygate/keygate.conf"
    conf.parent.mkdir(parents=True)
    conf.write_text("[options]\nhttp_port = 9000\n")
    proc = run("cmake", "--install", BUILD, env=dict(os.environ, DESTDIR=str(destdir)))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert conf.read_text() == "[options]\nhttp_port = 9000\n"
    example = destdir / "etc/keygate/keygate.conf.example"
    assert example.read_text() == (SOURCE / "packaging/keygate.conf").read_text()
    assert "Keeping the existing %s" % conf in proc.stdout


def test_the_man_page_renders_and_lists_every_command_and_option(installed):
    destdir, prefix = installed
    page = Path(str(destdir) + prefix) / "share/man/man1/keygate.1"
    proc = run("man", "-l", page, env=dict(os.environ, MANWIDTH="120", PAGER="cat", LANG="C"))
    assert proc.returncode == 0, proc.stderr
    text = re.sub(r".\x08", "", proc.stdout)  # overstrike bold/underline
    assert re.search(r"^KEYGATE\(1\)", text, re.M), text[:200]
    for section in ("NAME", "SYNOPSIS", "OPTIONS", "EXIT STATUS", "COMMANDS", "FILES"):
        assert re.search(r"^%s$" % section, text, re.M), section
    assert "keygate - API-key authentication server for Odoo's external API" in text
    assert "/etc/keygate/keygate.conf" in text
    # Each command has its subsection, with every option its --help lists.
    missing = []
    for path in help_paths():
        out = run(KEYGATE_BIN, *path, "--help").stdout
        if not path or "Subcommands:" in out:
            continue
        heading = "keygate " + " ".join(path)
        if not re.search(r"^   %s$" % re.escape(heading), text, re.M):
            missing.append(heading)
            continue
        body = text.split("\n   %s\n" % heading, 1)[1].split("\n   keygate ", 1)[0]
        for option in re.findall(r"^  (?:-\w,)?(--[a-z][a-z0-9-]*)", out, re.M):
            if option not in ("--help", "--help-all", "--config", "--data-dir") and \
                    not re.search(r"^       %s\b" % re.escape(option), body, re.M):
                missing.append(heading + " " + option)
    assert missing == []


def test_systemd_accepts_the_unit(installed, tmp_path):
    destdir, prefix = installed
    unit = (Path(str(destdir) + prefix) / "lib/systemd/system/keygate.service").read_text()
    binary = prefix + "/bin/keygate"
    assert "\nExecStart=%s -c /etc/keygate/keygate.conf serve\n" % binary in unit
    for hardening in ("User=keygate", "ReadWritePaths=/var/lib/keygate", "NoNewPrivileges=yes",
                      "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes",
                      "PrivateDevices=yes", "CapabilityBoundingSet=\n",
                      "SystemCallFilter=@system-service", "RestrictAddressFamilies="):
        assert "\n" + hardening in unit, hardening
    # systemd-analyze wants the program to exist: the copy under test runs the DESTDIR's.
    test_unit = tmp_path / "keygate.service"
    test_unit.write_text(unit.replace("ExecStart=" + binary,
                                      "ExecStart=%s%s" % (destdir, binary)))
    proc = run("systemd-analyze", "verify", "--man=no", test_unit)
    assert (proc.returncode, proc.stderr) == (0, ""), proc.stderr
    # systemd's own exposure rating stays "OK" (at most 2.0 of 10; the unit rates 1.2).
    proc = run("systemd-analyze", "security", "--offline=yes", "--no-pager", "--threshold=20",
               test_unit)
    assert proc.returncode == 0, proc.stdout[-300:]


def test_a_broken_unit_is_refused(tmp_path):
    # The check above can fail: systemd-analyze refuses an unknown directive.
    unit = tmp_path / "keygate.service"
    unit.write_text("[Service]\nExecStart=/bin/true\nProtectSystem=strictest\n")
    proc = run("systemd-analyze", "verify", "--man=no", unit)
    assert "Failed to parse protect system value, ignoring: strictest" in proc.stderr


def test_the_example_configuration_lists_every_option_with_its_default(tmp_path):
    text = (SOURCE / "packaging/keygate.conf").read_text()
    listed = re.findall(r"^; ([a-z_]+) =", text, re.M)
    assert len(listed) == len(set(listed)), "an option listed twice"
    # Every option `keygate serve` takes from the configuration (one flag per option).
    serve_help = run(KEYGATE_BIN, "serve", "--help").stdout
    options = {o.replace("-", "_") for o in re.findall(r"^\s+--([a-z][a-z0-9-]*)", serve_help, re.M)}
    options -= {"help", "help_all", "data_dir", "config"}  # data_dir: a global option
    options.add("data_dir")
    assert sorted(set(listed) ^ options) == []
    # Uncommented, the whole file loads (no unknown name, no bad value).
    every = tmp_path / "every.conf"
    every.write_text(re.sub(r"^; ([a-z_]+ = )", r"\1", text, flags=re.M).replace(
        "\ndata_dir = /var/lib/keygate\n", "\n"))
    proc = run(KEYGATE_BIN, "-c", every, "version")
    assert (proc.returncode, proc.stderr) == (0, "")
