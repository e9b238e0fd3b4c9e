"""Markdown written by staff and organizations, turned into HTML that is safe to show (nh3 removes the rest)."""

import html

import markdown
import nh3

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "li", "ol", "p", "pre", "strong",
    "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str) -> str:
    """Markdown to sanitized HTML: raw HTML in the text is kept only where it is harmless, links open
    safely, and nothing can run a script or load a resource."""
    rendered = markdown.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    # The page's title is its only first-level heading.
    rendered = rendered.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return sanitize_html(rendered)


def sanitize_html(markup: str) -> str:
    return nh3.clean(
        markup,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
    )


def plain_text(text: str) -> str:
    """Text with every tag removed (for summaries, feeds and e-mails)."""
    return html.unescape(nh3.clean(text or "", tags=set()))
