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


EMBEDDABLE = "/integration/*"
"""The pages partners frame on their sites (`generator.embed.EMBED_FOLDER`): the only ones
any site may put in an `<iframe>`."""


def security_headers(embeddable: bool = False) -> dict[str, str]:
    """The same for every site: a fixed list, never computed from what the pages contain.

    `embeddable`: the headers of `EMBEDDABLE`, where `frame-ancestors *` replaces
    `'none'` and `X-Frame-Options` is left out (browsers obey the CSP's directive over it).
    """
    policy = CONTENT_SECURITY_POLICY
    if embeddable:
        policy = policy.replace("frame-ancestors 'none'", "frame-ancestors *")
    headers = {"Content-Security-Policy": policy,
               "X-Content-Type-Options": "nosniff",
               "Referrer-Policy": "no-referrer",
               "X-Frame-Options": "DENY",
               "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()"}
    if embeddable:
        del headers["X-Frame-Options"]
    return headers


def write_header_snippets(site: Path) -> dict[str, str]:
    """`_headers` at the root (Netlify, Cloudflare Pages…) and nginx / Apache snippets."""
    headers, framed = security_headers(), security_headers(embeddable=True)
    folder_name = EMBEDDABLE.strip("/*")
    # Another language's site (`en/`) has its own pages to frame: a rule each.
    embeddable = [EMBEDDABLE, *(f"/{f.parent.name}{EMBEDDABLE}"
                                for f in sorted(site.glob(f"*/{folder_name}")) if f.is_dir())]
    # Netlify applies matching rules in order, a later value replacing an earlier one;
    # Cloudflare Pages joins them unless told to drop the first (`! Nom`).
    (site / "_headers").write_text(
        "/*\n" + "".join(f"  {k}: {v}\n" for k, v in headers.items())
        + f"# Pages à intégrer chez les partenaires ({folder_name}/) : seules à accepter d'être\n"
        "# affichées dans un cadre. Sur Cloudflare Pages, ajoutez sous chaque ligne suivante\n"
        "# « ! Content-Security-Policy » et « ! X-Frame-Options ».\n"
        + "".join(f"{rule}\n  Content-Security-Policy: {framed['Content-Security-Policy']}\n"
                  for rule in embeddable))
    folder = site / FOLDER
    folder.mkdir(exist_ok=True)
    (folder / "nginx.conf").write_text(
        "# À inclure dans le bloc « server » ou « location » qui sert le portail.\n"
        + "".join(f'add_header {k} "{v}" always;\n' for k, v in headers.items())
        + f"\n# Les pages à intégrer chez les partenaires ({folder_name}/) acceptent d'être\n"
        "# affichées dans un cadre : un bloc « location » imbriqué, qui répète tous les en-têtes\n"
        "# (nginx n'hérite pas des add_header du bloc parent quand un bloc en a).\n"
        f"location ~ /{folder_name}/[^/]*$ {{\n"
        + "".join(f'    add_header {k} "{v}" always;\n' for k, v in framed.items()) + "}\n")
    (folder / "apache.conf").write_text(
        "# À inclure dans la configuration du site ou un .htaccess (mod_headers).\n"
        + "".join(f'Header always set {k} "{v}"\n' for k, v in headers.items())
        + f"# Les pages à intégrer chez les partenaires ({folder_name}/) acceptent d'être\n"
        "# affichées dans un cadre.\n"
        f'<If "%{{REQUEST_URI}} =~ m#/{folder_name}/[^/]*$#">\n'
        f'    Header always set Content-Security-Policy "{framed["Content-Security-Policy"]}"\n'
        "    Header always unset X-Frame-Options\n</If>\n")
    return headers
