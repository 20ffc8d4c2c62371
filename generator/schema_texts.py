"""The French help editors show on hover: one sentence per block and per key.

Keyed by the model's class name, then by the French key; `Window` holds `du` / `au` for
every block that inherits them. `tests/test_schema.py` fails when a key of the model has
no sentence here, so a new key cannot reach the editors undocumented. The same keys are
documented at length in ``docs/reference.md``; these sentences are the short version.
"""

from __future__ import annotations

BLOCKS: dict[str, str] = {
    "Group": "Le groupe hospitalier (ou l'hôpital) au nom duquel parle le portail "
             "(directory/groupe.yml).",
    "EmergencyNumber": "Un numéro d'urgence affiché en tête de la page d'accueil.",
    "OfficialAddress": "Une adresse où le portail est officiellement publié.",
    "EstablishmentFile": "Un établissement et, en général, ses services "
                         "(directory/etablissements/<identifiant>.yml).",
    "Establishment": "L'établissement : un hôpital, une clinique, un centre de santé.",
    "Service": "Un service : consultation, unité d'hospitalisation, imagerie, laboratoire… "
               "avec ses numéros.",
    "Location": "Où se trouve le service dans l'établissement.",
    "ServicePhone": "Un numéro du service.",
    "ServiceStatus": "L'état du service pendant la crise.",
    "ServicesFile": "Des services supplémentaires d'un établissement (directory/services/).",
    "CrisisFile": "La situation de crise (directory/crise.yml) : sans ce fichier, pas de "
                  "bandeau.",
    "HospitalFunction": "Une grande fonction de l'hôpital (urgences, messagerie, rendez-vous "
                        "en ligne…) et ses états successifs.",
    "FunctionState": "Un état de la fonction pendant une période.",
    "Alternative": "Où aller à la place : soit un établissement du groupe (etablissement), "
                   "soit un lieu extérieur (nom, adresse, telephone).",
    "EstablishmentModes": "Le mode de fonctionnement d'un établissement pendant la crise.",
    "ModeState": "Un mode de fonctionnement de l'établissement pendant une période.",
    "FamilyLine": "Le numéro que les proches appellent pour savoir où est hospitalisé un "
                  "patient.",
    "Announcements": "Les textes à diffuser, écrits à la main à la place de ceux que le "
                     "portail prépare ; portal check vérifie qu'ils tiennent.",
    "CommuniqueFrontMatter": "L'en-tête d'un communiqué, entre les deux lignes « --- » en "
                             "haut du fichier (content/communiques/).",
    "MirrorsFile": "Les miroirs où le portail est publié (miroirs.yml, à côté de mkdocs.yml).",
    "Mirror": "Un miroir : un dossier, un serveur WebDAV, un stockage S3 ou un serveur rsync.",
    "PatientWords": "Les mots de vos patients, en plus de ceux de l'outil (directory/mots.yml).",
    "Intent": "Des expressions qui affichent les numéros d'urgence au-dessus des résultats "
              "de la recherche.",
}
"""What a block is: the hover help of a file's top, or of a key holding a block."""

_ESTABLISHMENT_ID = ("L'identifiant d'un établissement décrit dans directory/etablissements/, "
                     "par exemple « hopital-nord ».")
_FROM = ("À partir de quand cet état s'applique (inclus), heure de Paris. Sans « du » : "
         "depuis toujours.")
_UNTIL = ("Jusqu'à quand il s'applique (exclu), heure de Paris, après « du ». Sans « au » : "
          "jusqu'à ce qu'un état plus récent le remplace.")
_CHANNEL = ("« non » (par défaut) : appel seulement ; « oui » : appel ou SMS ; « seulement » : "
            "SMS seulement (le 114).")
_ALTERNATIVES = ("Où les patients peuvent aller à la place tant que cet état dure ; refusé "
                 "sur un état normal.")

KEYS: dict[str, dict[str, str]] = {
    "Window": {"du": _FROM, "au": _UNTIL},
    "Group": {
        "nom": "Nom complet du groupe ou de l'hôpital : titre de la page d'accueil et de "
               "chaque page.",
        "nom_court": "Nom affiché en haut de chaque page ; il doit tenir sur l'écran d'un "
                     "téléphone (une vingtaine de caractères).",
        "couleur": "Couleur principale du portail (en-tête, liens), entre guillemets : "
                   "\"#1F5C7A\". Sans elle : un bleu foncé.",
        "logo": "Le logo (PNG, JPEG, WebP ou SVG, 512 ko au plus), fichier du dossier du "
                "projet. Sans lui : les initiales du nom court.",
        "favicon": "L'icône de l'onglet du navigateur, fichier du dossier du projet. Sans "
                   "elle : le logo.",
        "description": "Une phrase de présentation, sous le titre de la page d'accueil.",
        "urgences": "Les numéros d'urgence affichés en tête de la page d'accueil, dans "
                    "l'ordre du fichier (au moins un).",
        "adresses_officielles": "Toutes les adresses où ce portail est officiellement publié "
                                "(page « Adresses officielles de ce site »).",
    },
    "EmergencyNumber": {
        "numero": "Le numéro à appeler.",
        "sms": _CHANNEL,
        "nom": "Ce que l'on appelle, en clair (« SAMU – Centre 15 »).",
        "description": "Quand appeler ce numéro, comment il fonctionne.",
        "etablissement": "Si le numéro est propre à un établissement : son identifiant. "
                         + _ESTABLISHMENT_ID,
    },
    "OfficialAddress": {
        "adresse": "L'adresse complète du site chez cet hébergeur, affichée telle quelle.",
        "hebergeur": "Qui publie le site à cette adresse, en clair.",
    },
    "EstablishmentFile": {
        "etablissement": "Le bloc de l'établissement : id, nom, adresse, standard…",
        "services": "Les services de l'établissement, chacun commençant par un tiret.",
    },
    "Establishment": {
        "id": "Identifiant de l'établissement, adresse de sa page. Ne plus le changer une "
              "fois publié.",
        "nom": "Nom de l'établissement tel que le public le connaît.",
        "adresse": "Adresse postale complète, sur une ligne.",
        "standard": "Numéro du standard, affiché sur chaque page de l'établissement et de "
                    "ses services.",
        "note": "Message affiché sur la page de l'établissement, sous le standard.",
        "ordre": "Place dans les listes du site : 1 pour le premier. Sans ordre : ensuite, "
                 "par ordre alphabétique.",
    },
    "Service": {
        "id": "Identifiant du service, adresse de sa page, unique dans tout l'annuaire. Ne "
              "plus le changer une fois publié.",
        "nom": "Nom du service tel que le public le cherche ; sert au classement de A à Z.",
        "type": "La rubrique du portail où le service apparaît.",
        "specialite": "Spécialité médicale, affichée à côté du type.",
        "description": "Ce que fait le service, ce qu'il faut savoir (rubrique « À savoir »).",
        "localisation": "Où se trouve le service : batiment, etage, acces.",
        "telephones": "Les numéros du service, un tiret par numéro.",
        "horaires": "Heures d'ouverture ; pour une unité d'hospitalisation, heures de visite.",
        "rendez_vous": "Comment prendre rendez-vous.",
        "public": "« non » masque tout le service : aucune page, absent des listes. Par "
                  "défaut : oui.",
        "mots_cles": "Mots que le public pourrait chercher (synonymes, termes courants).",
        "statut": "L'état du service pendant la crise : etat, note, du, au.",
        "verifie_le": "Date à laquelle quelqu'un a vérifié les informations du service.",
    },
    "Location": {
        "batiment": "Le bâtiment, tel qu'il est signalé sur place (« Bâtiment A »).",
        "etage": "L'étage ou le niveau (« 2e étage »).",
        "acces": "Comment s'y rendre depuis l'entrée.",
    },
    "ServicePhone": {
        "numero": "Le numéro à appeler.",
        "sms": _CHANNEL,
        "libelle": "À quoi sert ce numéro, en clair (« Prise de rendez-vous »).",
        "horaires": "Quand ce numéro répond.",
        "public": "« non » pour une ligne réservée aux professionnels : jamais publiée. Par "
                  "défaut : oui.",
    },
    "ServiceStatus": {
        "etat": "L'état du service ; perturbe ou interrompu affiche un bandeau d'alerte sur "
                "le service.",
        "note": "Ce que le public doit savoir ou faire, affiché à côté de l'état.",
    },
    "ServicesFile": {
        "etablissement": "L'établissement auquel ces services appartiennent. "
                         + _ESTABLISHMENT_ID,
        "services": "Les services, chacun commençant par un tiret.",
    },
    "CrisisFile": {
        "situation": "Une phrase courte, affichée dans le bandeau rouge en haut de chaque "
                     "page.",
        "mis_a_jour": "Date et heure de votre dernière mise à jour (quand seul un texte a "
                      "changé).",
        "fonctions": "Les grandes fonctions de l'hôpital et leurs états, dans l'ordre "
                     "d'affichage.",
        "etablissements": "Le mode de fonctionnement des établissements ; un établissement "
                          "absent est « Fonctionnement normal ».",
        "informations_familles": "Le numéro que les proches appellent pour trouver un "
                                 "patient hospitalisé.",
        "annonces": "Facultatif : vos propres textes pour le message du standard, le SMS et "
                    "les réseaux sociaux, à la place de ceux que le portail prépare.",
    },
    "HospitalFunction": {
        "id": "Quelle fonction : un identifiant connu du portail (urgences, samu, "
              "consultations, messagerie, rendez-vous-en-ligne…) ou un identifiant de votre "
              "choix, avec un nom.",
        "nom": "Le nom affiché ; obligatoire pour une fonction que le portail ne connaît pas.",
        "etablissement": "Pour une fonction d'un seul établissement : son identifiant. "
                         + _ESTABLISHMENT_ID,
        "etats": "Les états successifs de la fonction, du plus ancien au plus récent.",
    },
    "FunctionState": {
        "etat": "L'état de la fonction pendant cette période.",
        "note": "Ce qui se passe, en une ou deux phrases.",
        "consigne": "Ce que le patient doit faire à la place ; remplace la consigne par "
                    "défaut.",
        "alternatives": _ALTERNATIVES,
    },
    "Alternative": {
        "etablissement": "Un établissement du groupe : son nom, son adresse et ses numéros "
                         "viennent de son fichier. " + _ESTABLISHMENT_ID,
        "nom": "Pour un lieu extérieur : son nom.",
        "adresse": "Pour un lieu extérieur : son adresse complète.",
        "telephone": "Pour un lieu extérieur : le numéro à appeler.",
        "note": "Pour qui, ou quand (« enfants et femmes enceintes aussi »).",
    },
    "EstablishmentModes": {
        "etablissement": _ESTABLISHMENT_ID,
        "etats": "Ses modes de fonctionnement successifs.",
    },
    "ModeState": {
        "mode": "Le mode de fonctionnement de l'établissement pendant cette période.",
        "note": "Ce qu'il faut savoir, affiché à côté du mode.",
        "alternatives": _ALTERNATIVES,
    },
    "Announcements": {
        "message_standard": "Le message d'accueil enregistré du standard : 45 secondes au "
                            "plus, lu à voix haute.",
        "sms": "Le SMS aux patients : 160 caractères GSM au plus, avec l'adresse officielle "
               "du portail.",
        "publication": "La publication pour les réseaux sociaux : 280 caractères au plus.",
    },
    "FamilyLine": {
        "telephone": "Le numéro de la cellule d'information des familles.",
        "horaires": "Quand elle répond.",
        "note": "Ce qu'il faut avoir sous la main.",
    },
    "CommuniqueFrontMatter": {
        "titre": "Le titre du communiqué, en texte brut ; entre guillemets s'il contient "
                 "« : ».",
        "date": "Le moment de la publication, heure de Paris : avant, le communiqué n'est "
                "publié nulle part.",
        "epingle": "« oui » : à la une de la page d'accueil jusqu'à « expire ». Par "
                   "défaut : non.",
        "expire": "Le moment où le communiqué n'est plus d'actualité (archivé), après "
                  "« date ».",
        "resume": "Une ou deux phrases, sous le titre dans la liste et dans le flux.",
    },
    "MirrorsFile": {
        "miroirs": "Les miroirs, un tiret par miroir.",
    },
    "Mirror": {
        "nom": "Le nom du miroir dans les messages.",
        "type": "Le type de miroir.",
        "cible": "Un chemin absolu de dossier (dossier), l'adresse de la collection "
                 "(webdav), s3://seau/dossier/ (s3) ou utilisateur@serveur:/chemin (rsync).",
        "point_d_acces": "L'adresse du service compatible S3 (sans elle : Amazon S3).",
        "url_publique": "Où les patients lisent cette copie ; portal verify la vérifie après "
                        "publication.",
        "port_ssh": "Pour rsync : le port SSH du serveur (22 par défaut).",
        "variable_cle_ssh": "Pour rsync : le NOM de la variable d'environnement qui contient "
                            "le chemin de la clé SSH privée.",
        "variable_identifiant": "Le NOM de la variable d'environnement qui contient "
                                "l'identifiant (jamais l'identifiant lui-même).",
        "variable_mot_de_passe": "Le NOM de la variable d'environnement qui contient le mot "
                                 "de passe (jamais le mot de passe lui-même).",
    },
    "PatientWords": {
        "synonymes": "mot: [sujet, autre sujet] : le mot du patient, puis les spécialités "
                     "qu'il désigne (annuaire de A à Z et recherche).",
        "recherche_seulement": "Même écriture, pour la recherche seulement : abréviations, "
                               "expressions (« kiné », « cardiologue »).",
        "standard": "Des mots qui font venir en tête les standards des établissements.",
        "rendez_vous": "Des mots qui font venir en tête les lignes de rendez-vous.",
        "urgence_vitale": "Des expressions qui affichent les numéros d'urgence (15, 112) "
                          "au-dessus des résultats.",
        "suicide": "Des expressions qui affichent en plus le 3114.",
        "mots_vides": "De petits mots qui ne cherchent rien par eux-mêmes (« svp »).",
    },
    "Intent": {
        "numeros": "Les numéros à afficher, parmi les urgences de groupe.yml ; sans eux, "
                   "ceux de l'outil.",
        "mots": "Les expressions : une question qui contient tous les mots de l'une d'elles "
                "affiche les numéros.",
    },
}
"""What each key holds, by block; the value type adds how to write it (`json_types`)."""
