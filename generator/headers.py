"""Security headers the built site really works under, ready for nginx, Apache and `_headers`.

The Content-Security-Policy allows scripts from the site itself and nothing else: no
inline script, no hash. The theme's inline scripts are served as files instead (see
`generator/theme/partials/javascripts/`), and the build refuses a page that still holds
one (`INLINE_SCRIPT`), so nothing a page contains can ever widen the policy.
"""

from __future__ import annotations

import re
from pathlib import Path

FOLDER = "entetes-securite"
INLINE_SCRIPT = re.compile(
    r"<script(?=[\s>])(?![^>]*\ssrc=)(?![^>]*\stype=\"application/(?:ld\+)?json\")[^>]*>",
    re.IGNORECASE)
"""A `<script>` the browser would run from the page itself (JSON data blocks do not run)."""
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


def security_headers() -> dict[str, str]:
    """The same for every site: a fixed list, never computed from what the pages contain."""
    return {"Content-Security-Policy": CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "X-Frame-Options": "DENY",
            "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()"}


def write_header_snippets(site: Path) -> dict[str, str]:
    """`_headers` at the root (Netlify, Cloudflare Pages…) and nginx / Apache snippets."""
    headers = security_headers()
    (site / "_headers").write_text("/*\n" + "".join(f"  {k}: {v}\n" for k, v in headers.items()))
    folder = site / FOLDER
    folder.mkdir(exist_ok=True)
    (folder / "nginx.conf").write_text(
        "# À inclure dans le bloc « server » ou « location » qui sert le portail.\n"
        + "".join(f'add_header {k} "{v}" always;\n' for k, v in headers.items()))
    (folder / "apache.conf").write_text(
        "# À inclure dans la configuration du site ou un .htaccess (mod_headers).\n"
        + "".join(f'Header always set {k} "{v}"\n' for k, v in headers.items()))
    return headers
