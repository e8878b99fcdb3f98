"""A user's own templates are untrusted: their folder only, and bounded time, values and output (issue 16 item 4)."""
from __future__ import annotations

import os
import time

import pytest
from click.testing import CliRunner

from docgen import template_limits
from docgen.cli import cli
from docgen.compose import TemplateError, letters_folder

from conftest import EXAMPLE
from test_compose import HEAD, compose_with


def refused_quickly(tmp_path, template: str, message: str, seconds: float = 10) -> None:
    """Refused with ``message`` within ``seconds``, which tell a refusal from a hang: not a speed target."""
    started = time.perf_counter()
    with pytest.raises(TemplateError, match=message):
        compose_with(tmp_path, HEAD + template + "\n")
    assert time.perf_counter() - started < seconds


def test_an_include_of_a_link_leaving_the_folder_is_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:SECRET", encoding="utf-8")
    (tmp_path / "letters" / "refund-request").mkdir(parents=True)
    os.symlink(secret, tmp_path / "letters" / "refund-request" / "p.txt")
    with pytest.raises(TemplateError, match="p.txt leads outside the templates folder") as caught:
        compose_with(tmp_path, HEAD + '{% include "refund-request/p.txt" %}\n')
    assert "SECRET" not in str(caught.value)


def test_a_link_inside_the_folder_still_works(tmp_path):
    (tmp_path / "letters" / "refund-request").mkdir(parents=True)
    (tmp_path / "letters" / "part.j2").write_text("共享段落", encoding="utf-8")
    os.symlink(tmp_path / "letters" / "part.j2", tmp_path / "letters" / "refund-request" / "p.j2")
    document = compose_with(tmp_path, HEAD + '{% include "refund-request/p.j2" %}\n')
    assert document.blocks[0].text == "共享段落"


def test_an_include_of_a_named_pipe_is_refused_without_blocking(tmp_path):
    (tmp_path / "letters" / "refund-request").mkdir(parents=True)
    os.mkfifo(tmp_path / "letters" / "refund-request" / "pipe.j2")
    refused_quickly(tmp_path, '{% include "refund-request/pipe.j2" %}', "is not a regular file")


@pytest.mark.parametrize("template, message", [
    ("{{ 'x' * 10**10 }}", "a repetition by 10000000000"),
    ("{{ [1, 2] * 10**9 }}", "a repetition by"),
    ("{{ 10**100000 }}", "too large a number"),
    ("{% set ns = namespace(n=3**2000) %}{% for i in range(30) %}{% set ns.n = ns.n * ns.n %}{% endfor %}{{ 1 }}",
     "more than 200,000 characters or items"),
    ("{{ '%0999999999d' % 1 }}", "is too wide"),
    ("{{ lipsum(10**6) }}", r"lipsum\(\) is limited"),
    ("{{ 'x'|center(10**9) }}", "the filter center was given"),
    ("{% set ns = namespace(s='x' * 100000) %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}"
     "{{ ns.s|length }}", "more than 200,000 characters"),
    ("{{ ('a' * 100000) | replace('a', 'b' * 100000) }}", "the filter replace could make more than"),
    ("{{ range(100000) | map('string') | join('x' * 1000) }}", "the filter join could make more than"),
    ("{{ ('a' * 100000).replace('a', 'b' * 100000) }}", "the method replace could make more than"),
    ("{{ '{:>999999999}'.format(1) }}", "the format width 999999999 is too wide"),
    ("{{ 'x'.ljust(10**9) }}", "the method ljust was given 1000000000"),
    ("{{ ('x' * 1000).join(range(100000)|map('string')) }}", "the method join could make more than"),
    ('{% include "refund-request/zh_CN.j2" %}', "included more than 100 templates"),
    ("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}", "without end|included more than|time budget"),
    ("{% for i in range(99999) %}{{ 'x' * 1000 }}{% endfor %}", "wrote more than"),
])
def test_a_template_making_too_much_is_stopped_before_it_does(tmp_path, template, message):
    refused_quickly(tmp_path, template, message)


def test_nested_loops_stop_at_the_time_budget(tmp_path, monkeypatch):
    monkeypatch.setattr(template_limits, "MAX_RENDER_SECONDS", 0.5)
    refused_quickly(tmp_path, "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}",
                    "time budget|ran longer")


def test_the_time_budget_also_holds_off_the_main_thread(tmp_path, monkeypatch):
    """Without the alarm (a thread), the steps through the sandbox check the clock."""
    import concurrent.futures

    monkeypatch.setattr(template_limits, "MAX_RENDER_SECONDS", 0.5)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        future = pool.submit(refused_quickly, tmp_path,
                             "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}",
                             "time budget", 10)
        future.result()


def write_terms(tmp_path, extra: str) -> None:
    folder = tmp_path / "letters" / "terms"
    folder.mkdir(parents=True)
    shipped = (letters_folder() / "terms" / "zh_CN.yaml").read_text(encoding="utf-8")
    (folder / "zh_CN.yaml").write_text(shipped + extra, encoding="utf-8")


def test_an_alias_bomb_in_the_user_s_terms_is_refused(tmp_path):
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 9)]
    bomb = "\n" + "\n".join(lines) + "\n"
    terms = tmp_path / "letters" / "terms"
    terms.mkdir(parents=True)
    (terms / "zh_CN.yaml").write_text((letters_folder() / "terms" / "zh_CN.yaml").read_text(encoding="utf-8") + bomb,
                                      encoding="utf-8")
    refused_quickly(tmp_path, "{{ terms.l8 }}", "is a YAML alias")


def test_a_python_tag_in_the_user_s_terms_is_refused_with_exit_2(tmp_path):
    folder = tmp_path / "t"
    (folder / "terms").mkdir(parents=True)
    (folder / "terms" / "zh_CN.yaml").write_text(
        (letters_folder() / "terms" / "zh_CN.yaml").read_text(encoding="utf-8")
        + 'x: !!python/object/apply:os.system ["echo hacked"]\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["refund-request", str(EXAMPLE), "--templates", str(folder),
                                      "-o", str(tmp_path / "r.txt")])
    assert result.exit_code == 2, result.output
    assert "not valid YAML for docgen" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "r.txt").exists()


def test_a_self_including_template_exits_2_in_the_cli(tmp_path):
    folder = tmp_path / "t"
    (folder / "refund-request").mkdir(parents=True)
    (folder / "refund-request" / "zh_CN.j2").write_text(
        (letters_folder() / "refund-request" / "zh_CN.j2").read_text(encoding="utf-8")
        + '{% include "refund-request/zh_CN.j2" %}\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["refund-request", str(EXAMPLE), "--templates", str(folder),
                                      "-o", str(tmp_path / "r.txt")])
    assert result.exit_code == 2, result.output
    assert "included more than" in result.output


def test_a_link_leaving_the_templates_folder_is_never_read_not_even_to_fingerprint(tmp_path, monkeypatch):
    """A build fingerprints the templates folder; a link in it to a pipe outside would block that read."""
    from docgen.fingerprint import _folder_digest

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    big = tmp_path / "big.bin"
    big.write_bytes(b"x" * 100)
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "pipe.j2").symlink_to(pipe)
    (folder / "big.j2").symlink_to(big)
    first = _folder_digest(folder)
    big.write_bytes(b"y" * 100)
    _folder_digest.cache_clear()
    assert _folder_digest(folder) == first  # counted by where it points, not by what is there


def test_a_template_that_is_a_loop_of_links_is_refused_as_a_template_error(tmp_path):
    """It was 'internal error: RuntimeError: Symlink loop', exit 1."""
    (tmp_path / "letters" / "refund-request").mkdir(parents=True)
    os.symlink("b.j2", tmp_path / "letters" / "refund-request" / "a.j2")
    os.symlink("a.j2", tmp_path / "letters" / "refund-request" / "b.j2")
    with pytest.raises(TemplateError, match="a.j2 is a loop of links"):
        compose_with(tmp_path, HEAD + '{% include "refund-request/a.j2" %}\n')
