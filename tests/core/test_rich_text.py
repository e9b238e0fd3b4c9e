"""Markdown from staff and organizations becomes safe HTML."""

from spona.core.rich_text import plain_text, render_markdown


def test_markdown_keeps_formatting_links_and_tables():
    html = render_markdown("## Uslovi\n\n**Rok** je [ovdje](https://example.org).\n\n| a | b |\n|---|---|\n| 1 | 2 |")
    assert "<h2>Uslovi</h2>" in html
    assert "<strong>Rok</strong>" in html
    assert 'href="https://example.org"' in html and "noopener" in html
    assert "<table>" in html


def test_unsafe_html_is_removed():
    html = render_markdown(
        "<script>alert(1)</script><img src=x onerror=alert(2)> [x](javascript:alert(3)) "
        '<a href="https://e.org" onclick="steal()">y</a> <iframe src="https://evil"></iframe><style>*{}</style>'
    )
    for unsafe in ("<script", "onerror", "javascript:", "onclick", "<iframe", "<style", "<img"):
        assert unsafe not in html


def test_a_first_level_heading_becomes_second_level():
    assert "<h1>" not in render_markdown("# Naslov")
    assert "<h2>Naslov</h2>" in render_markdown("# Naslov")


def test_plain_text_has_no_tags_and_no_entities():
    assert plain_text("<b>Žene</b> & <script>x()</script>mladi") == "Žene & mladi"
