"""Security headers the built site really works under, ready for nginx, Apache and `_headers`.

The Content-Security-Policy allows scripts from the site itself and, by hash, the few
inline scripts the theme writes (computed from the built pages, so a theme update cannot
silently break the site); nothing from any other origin.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

FOLDER = "entetes-securite"
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def security_headers(site: Path) -> dict[str, str]:
    hashes = sorted({_sha256(m.group(1)) for page in site.rglob("*.html")
                     for m in _INLINE_SCRIPT.finditer(page.read_text("utf-8"))})
    scripts = " ".join(["'self'", *(f"'sha256-{h}'" for h in hashes)])
    policy = ("default-src 'self'; "
              f"script-src {scripts}; "
              "style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
              "worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
              "frame-ancestors 'none'")
    return {"Content-Security-Policy": policy,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "X-Frame-Options": "DENY",
            "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()"}


def write_header_snippets(site: Path) -> dict[str, str]:
    """`_headers` at the root (Netlify, Cloudflare Pages…) and nginx / Apache snippets."""
    headers = security_headers(site)
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


def _sha256(script: str) -> str:
    return base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
