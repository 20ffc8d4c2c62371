"""What libyaml and PyYAML say about broken YAML, in the words of someone who edits it by hand.

Both parsers describe a problem in English as a *context* (``while scanning a quoted
scalar``) and a *problem* (``found unexpected end of stream``). Each entry below matches
words of either and gives one French message and one hint; `explain` never returns the
parser's own English, even for a problem no entry knows. The wording of every problem the
two parsers can produce is listed in ``tests/test_load.py``, which checks each is known.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

QUOTE_IT = "mettez la valeur entre guillemets"


@dataclass(frozen=True)
class SyntaxProblem:
    """One kind of YAML mistake: the French `message` and `hint` a person reads."""

    code: str
    message: str
    hint: str
    at_context: bool = False
    """Point at the context's line (where a quote was opened), not where the parser gave up."""


TOO_DEEP = SyntaxProblem(
    "yaml.too-deep", "trop de niveaux imbriqués",
    "un fichier de l'annuaire n'a que quelques niveaux : vérifiez l'indentation, ou les "
    "crochets « [ » et accolades « { » ouverts mais jamais fermés")
FORBIDDEN_CHARACTER = SyntaxProblem(
    "yaml.forbidden-character", "caractère illisible ou interdit dans le fichier",
    "retapez cette ligne au clavier plutôt que de la copier (Word, courriel, page web)")
DIRECTIVE = SyntaxProblem(
    "yaml.directive", "une ligne ne peut pas commencer par « % » (directive YAML)",
    "retirez cette ligne ; si c'est du texte, mettez-le entre guillemets")
TAG = SyntaxProblem(
    "yaml.tag", "une valeur ne peut pas commencer par « ! » (étiquette YAML)", QUOTE_IT)
UNCLOSED_QUOTE = SyntaxProblem(
    "yaml.syntax", "guillemet non fermé",
    "fermez le guillemet ouvert sur cette ligne (ou retirez-le)", at_context=True)
SEVERAL_DOCUMENTS = SyntaxProblem(
    "yaml.syntax", "plusieurs documents dans un seul fichier, ou texte après sa fin",
    "retirez les lignes « --- » ou « ... » supplémentaires")
INDENTATION = SyntaxProblem(
    "yaml.syntax", "indentation incohérente",
    "alignez cette ligne sur les autres clés du même bloc, avec des espaces")
FLOW_SEQUENCE = SyntaxProblem(
    "yaml.syntax", "une valeur qui commence par « [ » est lue comme une liste entre crochets, "
    "et celle-ci est mal fermée",
    "si c'est du texte, mettez toute la valeur entre guillemets (etage: \"[A] Niveau 2\") ; "
    "si c'est une liste, fermez-la par « ] » et séparez ses éléments par des virgules")
FLOW_MAPPING = SyntaxProblem(
    "yaml.syntax", "une valeur qui commence par « { » est lue comme un bloc entre accolades, "
    "et celui-ci est mal fermé",
    "si c'est du texte, mettez toute la valeur entre guillemets (note: \"{2} places\") ; "
    "sinon fermez-le par « } » et séparez ses champs par des virgules")
FLOW_KEY = SyntaxProblem(
    "yaml.key", "une ligne qui commence par « [ » ou « { » est lue comme une liste, pas comme "
    "du texte ni comme une clé",
    "écrivez la clé d'abord, puis le texte entre guillemets : etage: \"[A] Niveau 2\"")
LIST_DASH = SyntaxProblem(
    "yaml.syntax", "tiret « - » mal aligné : cet élément de liste n'est pas dans la même "
    "colonne que les autres",
    "alignez les tirets « - » d'une même liste les uns sous les autres, avec des espaces")
FALLBACK = SyntaxProblem(
    "yaml.syntax", "syntaxe YAML invalide",
    "comparez cette ligne avec l'exemple de la page de référence")

MISPLACED_VALUE = SyntaxProblem(
    "yaml.syntax", "valeur manquante ou mal placée",
    "vérifiez l'indentation et la valeur de cette ligne")
TRAILING_TEXT = SyntaxProblem(
    "yaml.syntax", "texte inattendu en fin de ligne",
    "mettez le texte entre guillemets, ou commencez un commentaire par « # »")

# Order matters: the first entry whose words all appear wins (context and problem together,
# lower case), so the specific ones (a directive, a tag) come before the generic ones.
_CATALOGUE: list[tuple[tuple[str, ...], SyntaxProblem]] = [
    (("nesting depth",), TOO_DEEP),
    (("tab character",), SyntaxProblem(
        "yaml.syntax", "tabulation interdite", "remplacez les tabulations par des espaces")),
    (("directive",), DIRECTIVE),
    (("yaml document",), DIRECTIVE),
    (("tag",), TAG),
    (("expected uri",), TAG),
    (("uri escape",), TAG),
    (("expected '!'",), TAG),
    (("the expected '>'",), TAG),
    (("expected '>'",), TAG),
    (("control characters",), FORBIDDEN_CHARACTER),
    (("special characters",), FORBIDDEN_CHARACTER),
    (("unicode character",), FORBIDDEN_CHARACTER),
    (("utf-8",), FORBIDDEN_CHARACTER),
    (("utf-16",), FORBIDDEN_CHARACTER),
    (("surrogate",), FORBIDDEN_CHARACTER),
    (("input is too long",), FORBIDDEN_CHARACTER),
    (("input error",), FORBIDDEN_CHARACTER),
    (("escape",), SyntaxProblem(
        "yaml.syntax", "caractère « \\ » invalide entre guillemets doubles",
        "utilisez des guillemets simples ' ' ou retirez la barre oblique inverse")),
    (("hexdecimal",), SyntaxProblem(
        "yaml.syntax", "caractère « \\ » invalide entre guillemets doubles",
        "utilisez des guillemets simples ' ' ou retirez la barre oblique inverse")),
    (("quoted scalar", "document"), UNCLOSED_QUOTE),
    (("quoted scalar", "end of stream"), UNCLOSED_QUOTE),
    (("anchor",), SyntaxProblem(
        "yaml.anchor", "une valeur ne peut pas commencer par « & » (ancre YAML)", QUOTE_IT)),
    (("alias",), SyntaxProblem(
        "yaml.alias", "une valeur ne peut pas commencer par « * » (alias YAML)", QUOTE_IT)),
    (("alphabetic or numeric",), SyntaxProblem(
        "yaml.syntax", "une valeur ne peut pas commencer par « * » ou « & »", QUOTE_IT)),
    (("non-alphabetical",), SyntaxProblem(
        "yaml.syntax", "une valeur ne peut pas commencer par « * », « & » ou « ! »", QUOTE_IT)),
    (("block scalar",), SyntaxProblem(
        "yaml.syntax", "bloc de texte « | » ou « > » mal écrit",
        "écrivez « | » seul en fin de ligne, puis le texte en dessous, indenté")),
    (("indentation indicator",), SyntaxProblem(
        "yaml.syntax", "bloc de texte « | » ou « > » mal écrit",
        "écrivez « | » seul en fin de ligne, puis le texte en dessous, indenté")),
    (("mapping values",), SyntaxProblem(
        "yaml.syntax", "deux-points « : » inattendu",
        "si le texte contient « : », mettez-le entre guillemets ; sinon vérifiez "
        "l'indentation")),
    (("unexpected ':'",), SyntaxProblem(
        "yaml.syntax", "deux-points « : » inattendu dans une liste entre crochets",
        "mettez cet élément entre guillemets")),
    (("expected ':'",), SyntaxProblem(
        "yaml.syntax", "deux-points « : » manquant après une clé",
        "écrivez « clé: valeur », avec un espace après les deux-points")),
    (("sequence entries",), SyntaxProblem(
        "yaml.syntax", "tiret « - » inattendu après « clé: »",
        "mettez la valeur entre guillemets, ou la liste sur les lignes suivantes")),
    (("mapping keys",), SyntaxProblem(
        "yaml.syntax", "point d'interrogation « ? » inattendu", QUOTE_IT)),
    (("cannot start any token",), SyntaxProblem(
        "yaml.syntax", "une valeur ne peut pas commencer par ce caractère", QUOTE_IT)),
    (("expected '-' indicator",), SyntaxProblem(
        "yaml.syntax", "indentation incohérente dans une liste",
        "alignez les tirets « - » de la liste les uns sous les autres ; une clé sous une "
        "liste se décale sous le texte qui suit le tiret, pas sous le tiret")),
    (("expected key",), INDENTATION),
    (("block end",), INDENTATION),
    (("invalid indentation",), INDENTATION),
    (("']'",), FLOW_SEQUENCE),
    (("'}'",), FLOW_MAPPING),
    (("node content",), MISPLACED_VALUE),
    (("end of stream",), SyntaxProblem(
        "yaml.syntax", "guillemet ou crochet non fermé",
        "fermez le guillemet ou le crochet ouvert sur cette ligne")),
    (("document",), SEVERAL_DOCUMENTS),
    (("stream",), SEVERAL_DOCUMENTS),
    (("comment or",), TRAILING_TEXT),
    (("whitespace",), SyntaxProblem(
        "yaml.syntax", "espace manquant", "ajoutez un espace après « - » ou « : »")),
]


def explain(context: str | None, problem: str | None) -> SyntaxProblem:
    """The French explanation of a parser's (`context`, `problem`), never its English."""
    described = f"{context or ''} {problem or ''}".lower()
    for words, known in _CATALOGUE:
        if all(word in described for word in words):
            return known
    return FALLBACK


def is_known(context: str | None, problem: str | None) -> bool:
    """Whether an entry explains this problem (tests: every parser message is covered)."""
    return explain(context, problem) is not FALLBACK


_VAGUE = (INDENTATION, MISPLACED_VALUE, TRAILING_TEXT, FLOW_SEQUENCE, FLOW_MAPPING, FALLBACK)
"""What the parser says when it cannot tell; the others name the cause whatever the line."""
_VALUE_START = re.compile(r"\s*(?:- +)*(?:[^\s:#\"'][^:#]*?:[ \t]+)?(?P<first>\S?)")
"""The first character of a line's value, after its dashes and its ``key:``."""


def refine(problem: SyntaxProblem, row: str) -> SyntaxProblem:
    """Name the real cause when the line says more than the parser did.

    The parser often blames the indentation where a value opened a list ``[…]`` or a block
    ``{…}`` it did not expect, or where one dash of a list is out of line.
    """
    if problem not in _VAGUE:
        return problem
    match = _VALUE_START.match(row)
    first = match["first"] if match else ""
    if first == "[":
        return FLOW_SEQUENCE
    if first == "{":
        return FLOW_MAPPING
    if problem is INDENTATION and row.lstrip(" ").startswith("-"):
        return LIST_DASH
    return problem
