"""JSON inside HTML (schema.org JSON-LD blocks): escaped so no value can end the block or open a comment.

A name such as `Novi pogled <!--<script>` written as it is into a <script> element puts the HTML parser
into a state in which the rest of the page disappears; escaping `<`, `>` and `&` as JSON's `\\u003c`
and so on (as Django's `json_script` does) keeps every value inside its string.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

HTML_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_for_html(data) -> SafeString:
    """`data` as JSON that is safe anywhere in an HTML document."""
    return mark_safe(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(HTML_ESCAPES))


def jsonld_script(data) -> SafeString:
    """A schema.org JSON-LD block for the page's <head>."""
    return format_html('<script type="application/ld+json">{}</script>', json_for_html(data))
