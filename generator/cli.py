"""`portal check | build | serve | init …`: each command parses, calls one function, prints."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import logging
import os
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from generator.clock import now_in_paris, parse_paris_time
from generator.diagnostics import Diagnostic
from generator.engines import ENGINES, EngineMissing, engine
from generator.i18n import language_names, languages
from generator.project import check_project

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    from generator.manifest import Manifest

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
EXIT_CHANGES = 1
"""`portal diff`: something patients see will change (not an error)."""


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return EXIT_USAGE
    code: int = args.run(args)
    return code


def _common_options(defaults: bool) -> argparse.ArgumentParser:
    """`--project` and `--now`, accepted before or after the command (`portal build --now …`)."""
    options = argparse.ArgumentParser(add_help=False)
    # After the command, an option left out must not reset what was given before it.
    unset = {} if defaults else {"default": argparse.SUPPRESS}
    options.add_argument("--project", type=Path, help="dossier du projet, contenant mkdocs.yml, "
                         "directory/ et content/ (par défaut : le dossier courant)",
                         **({"default": Path(".")} if defaults else unset))
    options.add_argument("--now", type=_moment, metavar="« AAAA-MM-JJ HH:MM »",
                         help="faire comme s'il était ce moment (heure de Paris) : construire "
                              "le site tel qu'il sera, vérifier les copies à cette date ; par "
                              "défaut : maintenant", **({"default": None} if defaults else unset))
    return options


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="portal", parents=[_common_options(defaults=True)],
        description="Portail d'information de crise : vérifie l'annuaire (directory/) et les "
                    "communiqués, et construit le site statique.")
    commands = parser.add_subparsers(title="commandes", metavar="COMMANDE")
    common = [_common_options(defaults=False)]

    check = commands.add_parser("check", parents=common,
                                help="vérifie l'annuaire et les communiqués",
                                description="Vérifie tous les fichiers de directory/ et de "
                                            "content/communiques/, et liste chaque problème "
                                            "sous la forme fichier:ligne: message.")
    check.add_argument("--langues", type=_translated_languages, metavar="LANGUES",
                       default=(), help="lister aussi, en notes, les textes de l'annuaire "
                       "sans traduction dans ces langues (par exemple « en » ou « en,de ») ; "
                       "ce ne sont pas des erreurs : le texte français s'affiche à leur place")
    check.set_defaults(run=_check)

    build = commands.add_parser("build", parents=common,
                                help="vérifie puis construit le site dans site/",
                                description="Vérifie l'annuaire, génère les pages et construit "
                                            "le site. En cas d'erreur, le site précédent reste "
                                            "intact.")
    build.add_argument("--site-dir", type=Path, default=None,
                       help="dossier de sortie (par défaut : site/ dans le projet)")
    build.add_argument("--engine", type=_engine_name, default=ENGINES[0],
                       metavar="{" + ",".join(ENGINES) + "}",
                       help="moteur qui assemble le site : mkdocs (par défaut), properdocs, "
                            "sa suite maintenue, ou zensical (voir docs/mise-en-place.md)")
    build.set_defaults(run=_build)

    verify = commands.add_parser(
        "verify", parents=common, help="vérifie que les copies publiées sont complètes, à jour "
        "et intactes", description="Télécharge le manifeste et tous les fichiers de chaque "
        "copie et les compare. Code de sortie 1 si une copie a un problème.")
    verify.add_argument("urls", nargs="*", metavar="URL",
                        help="adresses des copies (par défaut : les url_publique de "
                             "miroirs.yml s'il existe, sinon les adresses officielles de "
                             "directory/groupe.yml)")
    verify.add_argument("--site-dir", type=Path, default=None,
                        help="construction de référence (par défaut : site/ s'il existe) ; "
                             "sans elle, chaque copie est comparée à son propre manifeste, et "
                             "l'ancienneté jugée par l'expiration et le retour en arrière")
    verify.add_argument("--public-key", default=os.environ.get("PORTAL_PUBLIC_KEY"),
                        help="clé publique Ed25519 (base64) qui vérifie la signature "
                             "(ou variable PORTAL_PUBLIC_KEY ; par défaut : public_key de "
                             "mkdocs.yml)")
    verify.add_argument("--state", type=Path, default=None,
                        help="fichier où retenir la version la plus récente déjà vue")
    verify.add_argument("--json", action="store_true", help="rapport en JSON (supervision)")
    verify.add_argument("--delai", type=_seconds, default=None, metavar="SECONDES",
                        help="temps maximal pour vérifier une copie entière ; au-delà elle "
                             "est déclarée injoignable (par défaut : 300)")
    verify.set_defaults(run=_verify)

    diff = commands.add_parser(
        "diff", parents=common, help="liste ce que les patients verront changer, avant de "
        "publier", description="Compare les données actuelles (directory/ et "
        "content/communiques/) avec celles du dernier commit, d'une autre révision git ou "
        "d'une copie publiée, et liste chaque changement visible par les patients : services "
        "ajoutés ou retirés, numéros, horaires, états, crise, communiqués. Code de sortie 0 "
        "sans changement, 1 s'il y en a, 2 si la comparaison est impossible.")
    diff.add_argument("--depuis", metavar="RÉVISION", default=None,
                      help="révision git de référence : branche, étiquette ou commit (par "
                           "défaut : HEAD, le dernier commit)")
    diff.add_argument("--copie", metavar="URL", default=None,
                      help="comparer plutôt avec la copie publiée à cette adresse (lue par "
                           "son manifeste et son donnees/annuaire.json)")
    diff.add_argument("--cle-publique", dest="cle_publique", type=Path, metavar="FICHIER",
                      default=None, help="fichier de la clé publique Ed25519 qui vérifie la "
                      "signature de la copie (par défaut : variable PORTAL_PUBLIC_KEY, sinon "
                      "public_key de mkdocs.yml)")
    diff.add_argument("--markdown", action="store_true",
                      help="écrire en Markdown (résumé de job de CI, commentaire de merge "
                           "request)")
    diff.set_defaults(run=_diff)

    publish = commands.add_parser(
        "publish", parents=common, help="publie le site construit sur tous les miroirs",
        description="Met à jour chaque miroir de miroirs.yml (seuls les fichiers modifiés "
                    "sont envoyés). Un miroir en échec n'arrête pas les autres et garde sa "
                    "version précédente. Code de sortie 1 si un miroir a échoué.")
    publish.add_argument("--mirrors", type=Path, default=None,
                         help="fichier des miroirs (par défaut : miroirs.yml du projet)")
    publish.add_argument("--site-dir", type=Path, default=None,
                         help="site à publier (par défaut : site/ du projet)")
    publish.add_argument("--public-key", default=os.environ.get("PORTAL_PUBLIC_KEY"),
                         help="clé publique Ed25519 (base64) qui vérifie le manifeste déjà "
                              "publié sur chaque miroir (ou variable PORTAL_PUBLIC_KEY ; par "
                              "défaut : public_key de mkdocs.yml) ; sans elle, ou sans "
                              "signature valide, tout est renvoyé et rien n'est supprimé")
    publish.add_argument("--tout", action="store_true",
                         help="renvoyer tous les fichiers, même ceux que le miroir dit avoir "
                              "(pour réparer une copie altérée)")
    publish.set_defaults(run=_publish)

    keygen = commands.add_parser("keygen", help="crée une paire de clés de signature",
                                 description="Affiche une nouvelle clé privée (à garder "
                                             "secrète, dans la CI) et sa clé publique.")
    keygen.set_defaults(run=_keygen)

    drill = commands.add_parser(
        "exercice", parents=common, help="exercice de crise chronométré : un numéro changé, "
        "construit, publié sur trois miroirs locaux et vérifié",
        description="Sur une copie du projet (le projet, son site, ses clés et ses vrais "
                    "miroirs ne sont pas touchés) : change un numéro de téléphone, construit, "
                    "publie sur trois miroirs lancés sur cette machine (dossier, WebDAV, rsync "
                    "par SSH), les vérifie, et affiche la durée de chaque étape et le total "
                    "comparé à une construction seule (objectif : au plus 2 fois). Code de "
                    "sortie 1 si un miroir n'a pas été mis à jour et vérifié.")
    drill.add_argument("--garder", type=Path, default=None, metavar="DOSSIER",
                       help="garder la copie du projet après l'exercice dans ce dossier "
                            "(absent ou vide), pour l'examiner")
    drill.set_defaults(run=_drill)

    serve = commands.add_parser("serve", parents=common, help="aperçu en direct pendant l'édition",
                                description="Sert le site sur http://127.0.0.1:8000/ et le "
                                            "recharge à chaque enregistrement d'un fichier.")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000",
                       help="adresse et port (par défaut : 127.0.0.1:8000)")
    serve.set_defaults(run=_serve)

    schemas = commands.add_parser(
        "schemas", parents=common, help="écrit les schémas qui soulignent les erreurs dans "
        "l'éditeur", description="(Ré)écrit dans schemas/ les schémas JSON des fichiers de "
        "l'annuaire, de la crise, des mots des patients, des communiqués et des miroirs : "
        "l'éditeur (VS Code et son extension YAML) souligne les erreurs pendant la frappe et "
        "explique chaque clé. « portal check » reste le juge.")
    schemas.add_argument("--dossier", type=Path, default=None, metavar="DOSSIER",
                         help="dossier où les écrire (par défaut : schemas/ dans le projet)")
    schemas.set_defaults(run=_schemas)

    init = commands.add_parser(
        "init", help="crée le projet du portail d'un hôpital, prêt à remplir",
        description="Crée dans DOSSIER (absent ou vide) un nouveau projet : mkdocs.yml, "
                    "directory/ (groupe, établissements), pages de content/, recettes de "
                    "CI pour GitHub et GitLab. Chaque information à fournir est marquée "
                    "« [À COMPLÉTER : …] » ; « portal check » les liste toutes.")
    init.add_argument("dossier", type=Path, metavar="DOSSIER", nargs="?",  # French if missing
                      help="dossier du nouveau projet (créé s'il n'existe pas)")
    init.add_argument("--nom", help="nom complet de l'hôpital ou du groupe hospitalier")
    init.add_argument("--nom-court", dest="nom_court", metavar="NOM_COURT",
                      help="nom court affiché dans l'en-tête du site (sur un téléphone)")
    init.add_argument("--etablissement", action="append", default=[], metavar="NOM",
                      help="nom d'un établissement ; répétez l'option pour chacun (par "
                           "défaut : un fichier d'établissement à remplir)")
    init.set_defaults(run=_init)
    export = commands.add_parser(
        "export", parents=common, help="écrit l'annuaire dans un classeur à remplir (.xlsx)",
        description="Écrit établissements, services et numéros dans un classeur : une ligne "
                    "par service et par numéro, listes déroulantes, notes sur chaque colonne.")
    export.add_argument("classeur", type=Path, help="le classeur à écrire, par exemple "
                        "annuaire.xlsx")
    export.add_argument("--remplacer", action="store_true",
                        help="écraser le classeur s'il existe déjà")
    export.set_defaults(run=_export)
    import_ = commands.add_parser(
        "import", parents=common, help="relit un classeur rempli et dit ce qui changerait",
        description="Vérifie chaque cellule du classeur et affiche ce qui changerait dans "
                    "l'annuaire ; n'écrit rien sans --appliquer.")
    import_.add_argument("classeur", type=Path, help="le classeur rempli (.xlsx ou .ods)")
    import_.add_argument("--appliquer", action="store_true",
                         help="écrire les modifications dans directory/")
    import_.add_argument("--forcer", action="store_true",
                         help="importer même si l'annuaire a changé depuis l'export")
    import_.set_defaults(run=_import)
    return parser


def _moment(text: str) -> dt.datetime:
    moment = parse_paris_time(text)
    if moment is None:
        raise argparse.ArgumentTypeError(f"« {text} » : écrivez par exemple « 2026-11-20 14:30 »")
    return moment


def _translated_languages(text: str) -> tuple[str, ...]:
    codes = tuple(code.strip().lower() for code in text.split(",") if code.strip())
    known = languages()[1:]
    unknown = [code for code in codes if code not in known]
    if unknown or not codes:
        raise argparse.ArgumentTypeError(
            f"« {text} » : langue inconnue ; langues traduites : {', '.join(known)}")
    return codes


def _engine_name(text: str) -> str:
    if text not in ENGINES:
        raise argparse.ArgumentTypeError(f"« {text} » : moteur inconnu ; écrivez "
                                         + " ou ".join(ENGINES))
    return text


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0 < value <= 86400:
        raise argparse.ArgumentTypeError(f"« {text} » : un nombre de secondes, par exemple 120")
    return value


def _print_diagnostics(diagnostics: list[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic.format(), file=sys.stderr)
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    if errors:
        print(f"{errors} erreur(s), {warnings} avertissement(s) : corrigez les erreurs "
              "ci-dessus puis relancez.", file=sys.stderr)
    elif warnings:
        print(f"Aucune erreur, {warnings} avertissement(s).", file=sys.stderr)


def _check(args: argparse.Namespace) -> int:
    result = check_project(args.project, args.now or now_in_paris())
    _print_diagnostics(result.diagnostics)
    if not result.ok:
        return EXIT_ERRORS
    assert result.directory is not None
    print(f"Annuaire valide : {len(result.directory.establishments)} établissement(s), "
          f"{len(result.directory.services)} service(s), {len(result.communiques)} communiqué(s).")
    from generator.project import DIRECTORY_DIR
    from generator.untranslated import untranslated_notes, untranslated_texts
    names = language_names()
    for language in args.langues:
        found = untranslated_texts(args.project / DIRECTORY_DIR, args.project, language)
        print("\n".join(untranslated_notes(found, language, names[language])))
    return EXIT_OK


def _show_mkdocs_warnings() -> None:
    """MkDocs reports through `logging`; show its warnings and errors as French lines.

    One handler for the whole process, added once: a second build in the same process
    (tests, `portal exercice`) says each warning once, not once per earlier build.
    ProperDocs logs under its own name (generator/engines.py).
    """
    for name in ENGINES:
        engine_log = logging.getLogger(name)
        if _FRENCH_LINES not in engine_log.handlers:
            engine_log.addHandler(_FRENCH_LINES)
        engine_log.setLevel(logging.WARNING)


class _FrenchLines(logging.Handler):
    """Writes to the standard error of the moment (which tests and callers may replace)."""

    def emit(self, record: logging.LogRecord) -> None:
        level = "erreur" if record.levelno >= logging.ERROR else "avertissement"
        print(f"{level} : {record.getMessage()}", file=sys.stderr)


_FRENCH_LINES = _FrenchLines()


def _build(args: argparse.Namespace) -> int:
    """Check, then build; every failure is one French sentence, never a traceback."""
    try:
        with engine(args.engine):
            return _build_with_engine(args)
    except EngineMissing as exc:
        return _build_failed(str(exc))


def _build_with_engine(args: argparse.Namespace) -> int:
    from generator.build import BuildFailed, build_site
    from generator.build_messages import os_error, unexpected
    from generator.project import CONTENT_DIR, DIRECTORY_DIR
    from generator.site_folder import SiteFolderRefused, prepare_target

    _show_mkdocs_warnings()
    now = args.now or now_in_paris()
    project = args.project
    site_dir = (args.site_dir or project / "site").expanduser()
    try:
        notes = prepare_target(site_dir, project, [project / CONTENT_DIR,
                                                   project / DIRECTORY_DIR])
        _print_notes(notes)
        result = check_project(project, now)
        _print_diagnostics(result.diagnostics)
        if result.directory is None:
            print("Construction annulée : le site précédent n'a pas été modifié.",
                  file=sys.stderr)
            return EXIT_ERRORS
        _print_notes(build_site(project, result, site_dir, now, args.engine))
    except (BuildFailed, SiteFolderRefused) as exc:
        return _build_failed(str(exc))
    except OSError as exc:
        return _build_failed(os_error(exc, "pendant la construction"))
    except Exception as exc:  # a sentence, never a traceback
        return _build_failed(unexpected(exc))
    index = (site_dir / "index.html").resolve()
    print(f"Site construit dans {site_dir}/ — ouvrez {index.as_uri()}")
    return EXIT_OK


def _print_notes(notes: list[str]) -> None:
    for note in notes:
        print(f"avertissement : {note}", file=sys.stderr)


def _build_failed(reason: str) -> int:
    print(f"Échec de la construction : {reason}", file=sys.stderr)
    print("Le site précédent n'a pas été modifié.", file=sys.stderr)
    return EXIT_ERRORS


def _verify(args: argparse.Namespace) -> int:
    from generator.verify import (
        DEFAULT_DEADLINE,
        Reference,
        Verdict,
        format_reports,
        read_last_sequence,
        reports_json,
        verify_mirrors,
        write_last_sequence,
    )

    now = args.now or now_in_paris()
    urls = args.urls or _official_addresses(args.project, now)
    if not urls:
        print("Aucune adresse à vérifier : donnez-en une, ou déclarez les adresses "
              "officielles dans directory/groupe.yml.", file=sys.stderr)
        return EXIT_USAGE
    try:
        manifest = _local_manifest(args.site_dir or args.project / "site",
                                   explicit=args.site_dir is not None)
        key = _public_key(args)
        previous = read_last_sequence(args.state)
    except ValueError as exc:
        print(f"Vérification impossible : {exc}", file=sys.stderr)
        return EXIT_USAGE
    reports = verify_mirrors(urls, Reference(manifest, key, previous), now,
                             deadline=args.delai or DEFAULT_DEADLINE)
    if args.state:
        write_last_sequence(args.state, reports, previous, now)
    print(reports_json(reports) if args.json else format_reports(reports))
    return EXIT_OK if all(r.verdict is Verdict.CURRENT for r in reports) else EXIT_ERRORS


def _diff(args: argparse.Namespace) -> int:
    from generator.changes import as_markdown
    from generator.diff import (
        DEFAULT_REVISION,
        diff_with_copy,
        diff_with_revision,
        format_review,
    )

    now = args.now or now_in_paris()
    try:
        if args.copie is not None and args.depuis is not None:
            raise ValueError("--depuis et --copie s'excluent : comparez avec une révision ou "
                             "avec une copie publiée, pas les deux")
        if args.copie is not None:
            key = _copy_public_key(args)
            review = diff_with_copy(args.project, args.copie, key, now)
        else:
            review = diff_with_revision(args.project, args.depuis or DEFAULT_REVISION, now)
    except ValueError as exc:
        print(f"Comparaison impossible : {exc}", file=sys.stderr)
        return EXIT_USAGE  # 2, as documented: CI recipes tell it from 1 (changes)
    if args.markdown:
        print(as_markdown(review.changes, review.title), end="")
    else:
        print(format_review(review))
    return EXIT_CHANGES if review.changes else EXIT_OK


def _copy_public_key(args: argparse.Namespace) -> Ed25519PublicKey | None:
    """--cle-publique FICHIER, else PORTAL_PUBLIC_KEY or mkdocs.yml's (`ValueError` in French)."""
    from generator.manifest import MAX_KEY_FILE_BYTES, load_public_key

    path = args.cle_publique
    if path is None:
        return _public_key(argparse.Namespace(public_key=os.environ.get("PORTAL_PUBLIC_KEY"),
                                              project=args.project))
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_KEY_FILE_BYTES + 1)
        if len(raw) > MAX_KEY_FILE_BYTES:
            raise ValueError("fichier trop gros pour une clé publique")
        return load_public_key(raw.decode("ascii"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"--cle-publique {path} : fichier illisible "
                         f"({type(exc).__name__})") from exc
    except ValueError as exc:
        raise ValueError(f"--cle-publique {path} : {exc}") from exc


def _local_manifest(site: Path, explicit: bool = False) -> Manifest | None:
    """The reference build's manifest, if there is a build (`ValueError` if unreadable, or
    if the reference named by --site-dir is not a build: a copy is never judged against
    nothing while the report reads as if it had been compared)."""
    from generator.manifest import MANIFEST, Manifest

    if not (site / MANIFEST).is_file():
        if explicit:
            raise ValueError(f"--site-dir {site} : pas de construction du portail ici "
                             f"({MANIFEST} absent) ; indiquez le dossier produit par "
                             "« portal build »")
        return None
    try:
        return Manifest.from_bytes((site / MANIFEST).read_bytes())
    except ValueError as exc:
        raise ValueError(f"{site / MANIFEST} : {exc} ; reconstruisez le site avec "
                         "« portal build »") from exc


def _public_key(args: argparse.Namespace) -> Ed25519PublicKey | None:
    """--public-key, PORTAL_PUBLIC_KEY, or mkdocs.yml's `public_key`."""
    from generator.build import configured_public_key
    from generator.manifest import load_public_key

    key_text = args.public_key or configured_public_key(args.project)
    try:
        return load_public_key(key_text) if key_text else None
    except ValueError as exc:
        raise ValueError(f"--public-key : {exc}") from exc


def _official_addresses(project: Path, now: dt.datetime) -> list[str]:
    """The mirrors' public URLs if there is a miroirs.yml, else the official addresses."""
    from generator.model.mirrors import MIRRORS_FILE
    from generator.publish import load_mirrors

    if (project / MIRRORS_FILE).is_file():
        mirrors, problems = load_mirrors(project / MIRRORS_FILE, project)
        _print_diagnostics(problems)
        return [m.public_url for m in mirrors if m.public_url]
    directory = check_project(project, now).directory
    return [a.url for a in directory.group.official_addresses] if directory else []


def _publish(args: argparse.Namespace) -> int:
    from generator.model.mirrors import MIRRORS_FILE
    from generator.publish import (
        format_summary,
        load_mirrors,
        local_build_problem,
        publish_all,
    )

    mirrors, problems = load_mirrors(args.mirrors or args.project / MIRRORS_FILE, args.project)
    _print_diagnostics(problems)
    if not mirrors or any(p.is_error for p in problems):
        return EXIT_ERRORS
    site = args.site_dir or args.project / "site"
    try:
        manifest = _local_manifest(site)
        if manifest is None:
            print(f"{site}/ ne contient pas de site construit : lancez d'abord « portal build ».",
                  file=sys.stderr)
            return EXIT_ERRORS
        if problem := local_build_problem(site, manifest):
            raise ValueError(f"{problem} ; relancez « portal build », rien n'a été envoyé")
        key = _public_key(args)
    except ValueError as exc:
        print(f"Publication impossible : {exc}", file=sys.stderr)
        return EXIT_ERRORS
    results = publish_all(site, mirrors, lambda line: print(line, file=sys.stderr), args.tout,
                          key)
    print(format_summary(results))
    return EXIT_OK if all(r.ok for r in results) else EXIT_ERRORS


def _keygen(args: argparse.Namespace) -> int:
    from generator.manifest import KEY_VARIABLE, fingerprint, new_key, private_key_text
    from generator.manifest import public_key_text as public_text

    key = new_key()
    print(f"Clé privée (secret de la CI, variable {KEY_VARIABLE}) :\n  {private_key_text(key)}")
    print(f"Clé publique (mkdocs.yml › plugins › portal › public_key) :\n  "
          f"{public_text(key.public_key())}")
    print(f"Empreinte :\n  {fingerprint(key.public_key())}")
    return EXIT_OK


def _drill(args: argparse.Namespace) -> int:
    from generator.drill import format_report, run_drill

    keep = args.garder
    if keep is not None and (keep.is_file() or (keep.is_dir() and any(keep.iterdir()))):
        print(f"--garder {keep} : ce dossier existe et n'est pas vide ; indiquez un dossier "
              "absent ou vide", file=sys.stderr)
        return EXIT_USAGE
    report = run_drill(args.project, lambda line: print(line, file=sys.stderr), keep,
                       args.now)
    print(format_report(report))
    return EXIT_OK if report.ok else EXIT_ERRORS


def _serve(args: argparse.Namespace) -> int:
    from generator.build import CONFIG_FILE, serve_site
    from generator.build_messages import unsafe_config_error

    config = args.project / CONFIG_FILE
    with contextlib.suppress(OSError, UnicodeDecodeError):  # MkDocs reports those itself
        if unsafe := unsafe_config_error(config, config.read_text("utf-8")):
            print(unsafe, file=sys.stderr)
            return EXIT_ERRORS
    serve_site(args.project, args.dev_addr, args.now)
    return EXIT_OK


def _schemas(args: argparse.Namespace) -> int:
    from generator.build_messages import os_error
    from generator.schema import SCHEMAS_DIR, SchemasRefused, write_schemas

    folder = args.dossier or args.project / SCHEMAS_DIR
    try:
        written = write_schemas(folder)
    except SchemasRefused as exc:
        print(f"Schémas non écrits : {exc}", file=sys.stderr)
        return EXIT_ERRORS
    except OSError as exc:
        print(f"Schémas non écrits : {os_error(exc, 'en écrivant les schémas')}",
              file=sys.stderr)
        return EXIT_ERRORS
    print(f"{len(written)} schémas écrits dans {folder}/ : "
          + ", ".join(path.name for path in written))
    return EXIT_OK


def _init(args: argparse.Namespace) -> int:
    from generator.build_messages import os_error
    from generator.init import InitRefused, StarterOptions, create_project

    if args.dossier is None:
        print("Projet non créé : indiquez le dossier du nouveau projet, par exemple "
              "« portal init portail-hopital --nom \"Centre hospitalier de …\" »",
              file=sys.stderr)
        return EXIT_USAGE
    options = StarterOptions(args.nom, args.nom_court, tuple(args.etablissement))
    try:
        created = create_project(args.dossier, options)
    except InitRefused as exc:
        print(f"Projet non créé : {exc}", file=sys.stderr)
        return EXIT_ERRORS
    except OSError as exc:
        print(f"Projet non créé : {os_error(exc, 'pendant la création du projet')}",
              file=sys.stderr)
        return EXIT_ERRORS
    print(f"Projet créé dans {args.dossier}/ :")
    for path in created:
        print(f"  {path}")
    steps = [] if args.dossier.resolve() == Path.cwd() else [f"cd {shlex.quote(str(args.dossier))}"]
    steps += ["remplacez chaque « [À COMPLÉTER : …] » (portal check les liste tous, avec "
              "leur fichier et leur ligne) ;",
              "portal check, jusqu'au message « Annuaire valide » ;",
              "portal serve pour un aperçu, puis portal build.",
              "le guide pas à pas : docs/mise-en-place.md dans le dépôt de l'outil."]
    print("Étapes suivantes :")
    for number, step in enumerate(steps, 1):
        print(f"  {number}. {step}")
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from generator.spreadsheet.workflow import export_directory

    problems = export_directory(args.project, args.classeur, args.now or now_in_paris(),
                                replace=args.remplacer)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return EXIT_ERRORS
    print(f"Classeur écrit : {args.classeur}. Remplissez-le, puis : portal import "
          f"{shlex.quote(str(args.classeur))}")
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    from generator.spreadsheet.workflow import apply_import, prepare_import

    now = args.now or now_in_paris()
    prepared = prepare_import(args.project, args.classeur, now, force=args.forcer)
    for problem in prepared.problems:
        print(problem, file=sys.stderr)
    if prepared.plan is None:
        print(prepared.verdict, file=sys.stderr)
        return EXIT_ERRORS
    for caution in prepared.cautions:
        print(caution, file=sys.stderr)
    if not prepared.summary:
        print("Aucune modification : le classeur dit la même chose que l'annuaire.")
        return EXIT_OK
    print(f"Ce que les patients verront changer ({len(prepared.patients)}) :")
    for line in prepared.patients or ["rien de visible sur le portail"]:
        print(f"  {line}")
    print(f"Cellules modifiées ({len(prepared.summary)}) :")
    for line in prepared.summary:
        print(f"  {line}")
    if not args.appliquer:
        print("Rien n'a été écrit : relancez avec --appliquer pour enregistrer ces "
              "modifications.")
        return EXIT_OK
    problems = apply_import(args.project, prepared.plan)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return EXIT_ERRORS
    print(f"Annuaire mis à jour : {len(prepared.plan.texts)} fichier(s) modifié(s). "
          "Vérifiez le site avec portal serve.")
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
