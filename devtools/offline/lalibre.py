"""Offline copy of a La Libre (Arc XP) section around the seed article, with its ground truth."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from devtools.offline._chrome import Chrome, Menu, build_chrome, menu_paths, script_json
from devtools.offline._site import ArticleFacts, Link, SiteBuilder, iso_utc, normalize_target
from devtools.offline._text import Prose, Topic, arc_id, esc, slugify

SITE = "lalibre"
CANONICAL_ROOT = "https://www.lalibre.be"
TZ = ZoneInfo("Europe/Brussels")
DEFAULT_ARTICLES = 300
MIN_ARTICLES = 60

SEED_ID = "LS2PZRXO4JENNG3CMTBUBWR6GQ"
SEED_PATH = (
    "/international/europe/guerre-ukraine-russie/2023/09/12/la-rencontre-entre-poutine-et-kim-"
    "jong-un-est-une-source-dinquietude-on-assiste-a-la-creation-dun-pole-de-force-ou-tous-les-"
    f"coups-sont-permis-{SEED_ID}/"
)
# The seed as it reached us: a line-wrap space inside the id ("...LS2PZR XO4JENNG3CMTBUBWR6GQ/").
SEED_PATH_WITH_SPACE = SEED_PATH.replace(SEED_ID, SEED_ID[:6] + " " + SEED_ID[6:])
ROBOTS_DISALLOWED = "/debats/archives-abonnes/"

# ---------------------------------------------------------------------------------------------
# The seed article (our seed: its published text, with its links placed where the page has them)
# ---------------------------------------------------------------------------------------------
SEED_HEADLINE = (
    "\"La rencontre entre Poutine et Kim Jong Un est une source d'inquiétude. On assiste à la "
    "création d'un pôle de force où tous les coups sont permis\""
)
SEED_LEAD = (
    "Le Président nord-coréen Kim Jong Un est arrivé en Russie ce mardi 12 septembre, pour "
    "rencontrer Vladimir Poutine. Au programme des négociations: un possible approvisionnement "
    "d'obus et de missiles antichars pour Moscou en échange d'aide alimentaire et de technologies "
    "de pointe pour les satellites et sous-marins à propulsion nucléaire de Pyongyang."
)
SEED_AUTHOR = "Caroline Vandenaabeele"
# Body blocks: ("p", html with {L0}/{L1} link slots), ("h2", text), ("read-also", slot index).
SEED_BODY: tuple[tuple[str, str], ...] = (
    (
        "p",
        "Il n'avait plus quitté son pays depuis la pandémie de Covid-19. Kim Jong Un {L0}. Son "
        "train {L1}, limitrophe de la Corée du Nord, avec à son bord plusieurs hauts responsables "
        "militaires comme le Chef de la Défense, le ministre des Affaires étrangères, ou encore "
        "des responsables de la production d'armes et de technologie spatiale.",
    ),
    (
        "p",
        "Selon l'agence de presse {REUTERS}, le Chef d'Etat serait brièvement descendu du wagon "
        "pour saluer les autorités locales à Khasan, le long de la frontière, avant d'y remonter. "
        "Au total, son voyage entre Pyongyang et Vladivostok devrait prendre au moins 20 heures. "
        "Le sommet devrait se tenir dans les prochains jours, même si l'on ignore encore où il "
        "aura lieu.",
    ),
    ("read-also", "{L2}"),
    (
        "p",
        "La première (et dernière) rencontre entre Poutine et Kim remonte au mois d'avril 2019, à "
        "Vladivostok, lors de la crise sur le programme nucléaire de Pyongyang et l'absence "
        "d'accord avec Washington. Il faut dire que le leader nord-coréen n'est pas un voyageur. "
        "Depuis sa prise de pouvoir en 2011, Kim Jong Un s'est seulement rendu dix fois à "
        "l'étranger, le tout entre 2018 et 2019, selon {CNN}.",
    ),
    (
        "h2",
        "\"Cette rencontre est un signal à la fois pour l'Occident et pour l'opinion "
        'publique russe"',
    ),
    (
        "p",
        "Pour Anne Delizée, membre du service d'étude de l'espace post-soviétique et des mondes "
        "slaves à l'Université de Mons, cette rencontre au sommet relèverait d'une manœuvre "
        'orchestrée par le Kremlin. <em>"Ces derniers mois, il y a vraiment une "activation" pour '
        "pouvoir resserrer des liens d'intérêt avec les Etats qui ne sont pas tombés, depuis le "
        "point de vue du Kremlin, dans l'escarcelle de ce qu'il appelle \"l'Occident collectif\", "
        "soit les pays opposés à la Russie. C'est pour cela que le Kremlin multiplie les "
        "tentatives, les appels du pied avec des pays comme la Corée du Nord. Je pense que c'est "
        "une arme de plus pour essayer de faire peur, en montrant que la Russie n'est pas seule. "
        "D'ailleurs, c'est très nettement le discours intérieur depuis des mois : \"l'Occident "
        "collectif\" estime que la Russie est isolée, mais elle prétend que ce n'est pas le cas "
        "parce qu'elle peut compter sur de très nombreux alliés rejetés par l'Occident. Ces autres "
        "Etats sur lesquels le Kremlin peut compter pourraient éventuellement lui fournir des "
        "armes, par exemple. C'est un espèce de chantage politique.\"</em>",
    ),
    (
        "p",
        "En invitant son homologue nord-coréen, Vladimir Poutine entend donc bien prouver au monde "
        "entier que la Russie n'est pas esseulée sur la scène internationale, mais également "
        'rassurer son propre peuple. <em>"Il a réussi à convaincre une partie de son opinion '
        "publique que ce n'était pas un pays isolé. Que tant au niveau des accords militaires que "
        "des exportations des hydrocarbures ou d'autres accords économiques, la Russie a trouvé "
        "bien d'autres débouchés que les traditionnels jusqu'en 2022 (le début de l'invasion de "
        "l'Ukraine, NdlR) qu'étaient l'Union Européenne et bien d'autres pays occidentaux. Il a "
        "persuadé ses citoyens que toute cette \"mise en scène\" de l'Occident n'a que très peu "
        "d'influence sur la Russie elle-même aux niveaux politique et économique. C'est du moins "
        "le discours qui est tenu dans les communications officielles du Kremlin et qui est "
        "diffusé dans les cerveaux russes via la télévision d'Etat. Je pense que cette rencontre "
        "avec Kim Jong Un est un signal à la fois pour l'Occident et pour l'opinion publique "
        "russe.\"</em> Suivez l'évolution du conflit dans {LIVE}.",
    ),
    (
        "h2",
        "\"On doit toujours se méfier d'un rapprochement entre des pays qui versent dans la "
        'dictature et le totalitarisme"',
    ),
    (
        "p",
        "Selon Anne Delizée, l'alliance Russie-Corée du Nord s'inscrit plus largement dans une "
        'stratégie menée depuis plusieurs années par Vladimir Poutine. <em>"De manière assez '
        "évidente, je pense que ces pays, qui sont des marginaux dans le monde au niveau de la "
        "Communauté internationale, cherchent un appui. Ils essaient donc de créer une espèce "
        "d'alliance des \"non-alliés\" pour pouvoir reformer un pôle de force. Cela rejoint l'une "
        "des idées exprimées par Poutine depuis la conférence sur la sécurité de Munich de 2007 : "
        "son idée de vouloir créer un monde multipolaire. Je pense que chacune de ses actions "
        "jusqu'à présent concoure à créer ce monde-là.\"</em> La Corée du Nord n'est pas le seul "
        'potentiel allié convoité par Moscou. <em>"Le Kremlin peut compter sur des partenaires en '
        "Afrique et en Asie depuis des décennies\"</em>, explique la membre du service d'étude de "
        "l'espace post-soviétique. <em>\"Il essaie notamment de normaliser ses relations avec "
        "l'Afrique du Sud pour continuer à compter des appuis parmi les BRICS (ensemble de cinq "
        "pays émergents dont le PIB est en forte croissance : le Brésil, l'Inde, la Chine, "
        "l'Afrique du Sud et la Russie, NdlR).\"</em>",
    ),
    (
        "p",
        "Après plus de dix-huit mois de guerre, la Russie table donc sur la symbolique de cette "
        "entrevue pour envoyer un signal fort, une énième menace, à la Communauté internationale. "
        "<em>\"Du point de vue d'une pensée démocratique, on doit toujours se méfier d'un "
        "rapprochement entre des pays qui versent très nettement dans la dictature et le "
        "totalitarisme. Leur but est de créer d'autres pôles de force qui soient un contrepoids "
        "par rapport à l'Union Européenne, aux Etats-Unis et à tous ceux qu'ils considèrent comme "
        "leur ennemi au niveau géostratégique. On assiste à la création de ce type de pôles de "
        "force où tous les coups sont permis, j'ai l'impression, donc c'est évidemment une source "
        "de crainte. Lorsque je dis que tous les coups sont permis, je parle y compris de "
        "l'utilisation de l'arme nucléaire, ou du moins de la menace de son utilisation.\"</em>",
    ),
)
SEED_LINKED_HEADLINES = (
    "Kim Jong Un est arrivé en Russie pour rencontrer Vladimir Poutine",
    "Le train blindé de Kim Jong Un se déplace dans la région russe du littoral",
    "Kim Jong Un est entré en Russie pour rencontrer Poutine",
)
SEED_LINK_TEXTS = (
    "est arrivé en Russie ce mardi 12 septembre",
    "se déplace actuellement dans la région russe du littoral",
)


# ---------------------------------------------------------------------------------------------
# Topic clusters
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Cluster:
    """A topic cluster: where its articles live, their tags, vocabulary and date window."""

    key: str
    section: tuple[str, ...]
    section_label: str
    tags: tuple[tuple[str, str], ...]
    related: bool
    """Whether the cluster belongs to the coverage around the seed (else only menus reach it)."""
    weight: float
    window: tuple[date, date]
    topic: Topic


def _topic(actors: str, places: str, subjects: str, headlines: tuple[str, ...]) -> Topic:
    return Topic(
        tuple(actors.split("|")), tuple(places.split("|")), tuple(subjects.split("|")), headlines
    )


_GENERIC_HEADLINES = (
    "{a} : « {s} ne peut plus attendre »",
    "{s} : ce que l'on sait après la réunion de {p}",
    "À {p}, {a} relance le débat sur {s}",
    "{s} : les trois questions qui inquiètent {p}",
    "Pourquoi {s} change la donne pour {a}",
    "{a} sous pression : {s} au centre des critiques",
)

CLUSTERS: tuple[Cluster, ...] = (
    Cluster(
        "ukraine",
        ("international", "europe", "guerre-ukraine-russie"),
        "Guerre Ukraine-Russie",
        (("guerre-en-ukraine", "Guerre en Ukraine"), ("russie", "Russie"), ("ukraine", "Ukraine")),
        True,
        3.0,
        (date(2023, 2, 24), date(2023, 12, 20)),
        _topic(
            "Volodymyr Zelensky|Vladimir Poutine|le Kremlin|l'état-major ukrainien|Sergueï Lavrov"
            "|Dmytro Kouleba|le ministère russe de la Défense",
            "Kiev|Moscou|Kharkiv|Zaporijjia|Odessa|Bakhmout|Kherson",
            "la contre-offensive ukrainienne|l'approvisionnement en obus|la ligne de front"
            "|le corridor céréalier|les frappes de drones|la mobilisation russe",
            (
                "Guerre en Ukraine : {s} au cœur des combats près de {p}",
                "{a} promet une réponse à {s}",
                *_GENERIC_HEADLINES,
            ),
        ),
    ),
    Cluster(
        "coree",
        ("international", "asie"),
        "Asie",
        (("coree-du-nord", "Corée du Nord"), ("kim-jong-un", "Kim Jong Un")),
        True,
        2.0,
        (date(2023, 3, 1), date(2024, 1, 20)),
        _topic(
            "Kim Jong Un|Pyongyang|Séoul|l'agence KCNA|le président Yoon Suk-yeol|Kim Yo Jong",
            "Pyongyang|Vladivostok|Séoul|le cosmodrome de Vostotchny|Khasan|Tokyo",
            "le programme nucléaire nord-coréen|les tirs de missiles balistiques|le satellite "
            "espion|la coopération militaire avec Moscou|la famine en Corée du Nord",
            (
                "Corée du Nord : {s} inquiète {p}",
                "{a} et {s} : le jeu dangereux de Pyongyang",
                *_GENERIC_HEADLINES,
            ),
        ),
    ),
    Cluster(
        "sanctions",
        ("economie", "conjoncture"),
        "Conjoncture",
        (("sanctions", "Sanctions"), ("union-europeenne", "Union européenne")),
        True,
        1.2,
        (date(2023, 2, 1), date(2023, 12, 31)),
        _topic(
            "la Commission européenne|Ursula von der Leyen|le G7|le Trésor américain|Euroclear",
            "Bruxelles|Washington|Francfort|Anvers|Berne",
            "le onzième paquet de sanctions|le gel des avoirs russes|le plafonnement du prix du "
            "pétrole|le contournement des sanctions|les diamants russes",
            ("Sanctions contre la Russie : {s} divise {p}", *_GENERIC_HEADLINES),
        ),
    ),
    Cluster(
        "energie",
        ("economie", "energie"),
        "Énergie",
        (("energie", "Énergie"), ("gaz", "Gaz")),
        True,
        1.0,
        (date(2023, 1, 10), date(2024, 1, 31)),
        _topic(
            "Engie|la ministre de l'Énergie Tinne Van der Straeten|Fluxys|la Creg|Gazprom",
            "Zeebruges|Doel|Tihange|Bruxelles|Rotterdam",
            "le prix du gaz|la prolongation du nucléaire|les stocks de gaz européens"
            "|le gaz naturel liquéfié|la facture d'électricité",
            ("Énergie : {s} pèse sur les ménages", *_GENERIC_HEADLINES),
        ),
    ),
    Cluster(
        "otan",
        ("international", "europe"),
        "Europe",
        (("otan", "Otan"), ("defense", "Défense")),
        True,
        1.2,
        (date(2023, 3, 1), date(2023, 12, 15)),
        _topic(
            "Jens Stoltenberg|l'Otan|la ministre de la Défense Ludivine Dedonder|Washington|Ankara",
            "Vilnius|Bruxelles|Helsinki|Stockholm|Varsovie",
            "l'adhésion de la Suède|le flanc est de l'Alliance|les F-16 pour l'Ukraine"
            "|l'objectif des 2 % du PIB|la défense antiaérienne",
            ("Otan : {s} au menu du sommet de {p}", *_GENERIC_HEADLINES),
        ),
    ),
    Cluster(
        "chine",
        ("international", "asie"),
        "Asie",
        (("chine", "Chine"), ("xi-jinping", "Xi Jinping")),
        True,
        0.8,
        (date(2023, 3, 1), date(2023, 12, 31)),
        _topic(
            "Xi Jinping|Pékin|Wang Yi|le Parti communiste chinois|Taïwan",
            "Pékin|Shanghai|Taipei|Hong Kong|Moscou",
            "le partenariat sans limites avec Moscou|le plan de paix chinois|les tensions dans le "
            "détroit de Taïwan|la route de la soie",
            ("Chine : {s} sous le regard de {p}", *_GENERIC_HEADLINES),
        ),
    ),
    Cluster(
        "usa",
        ("international", "amerique"),
        "Amérique",
        (("etats-unis", "États-Unis"), ("joe-biden", "Joe Biden")),
        True,
        0.8,
        (date(2023, 3, 1), date(2023, 12, 31)),
        _topic(
            "Joe Biden|Antony Blinken|le Congrès|le Pentagone|Donald Trump",
            "Washington|New York|Kiev|Séoul|le Capitole",
            "l'aide militaire à l'Ukraine|la présidentielle de 2024|les sanctions contre "
            "Pyongyang|le budget de la défense",
            ("États-Unis : {a} défend {s}", *_GENERIC_HEADLINES),
        ),
    ),
    Cluster(
        "belgique",
        ("belgique", "politique-belge"),
        "Politique belge",
        (("gouvernement-de-croo", "Gouvernement De Croo"), ("elections-2024", "Élections 2024")),
        False,
        1.6,
        (date(2023, 1, 5), date(2024, 1, 31)),
        _topic(
            "Alexander De Croo|Georges-Louis Bouchez|Paul Magnette|la Vivaldi|Bart De Wever",
            "la Chambre|le 16 rue de la Loi|Namur|Anvers|Mons",
            "la réforme fiscale|le budget fédéral|la réforme des pensions|la crise de l'accueil",
            ("Vivaldi : {s} bloque encore", *_GENERIC_HEADLINES),
        ),
    ),
    Cluster(
        "bruxelles",
        ("regions", "bruxelles"),
        "Bruxelles",
        (("bruxelles", "Bruxelles"), ("mobilite", "Mobilité")),
        False,
        1.0,
        (date(2023, 1, 5), date(2024, 1, 31)),
        _topic(
            "la Stib|Elke Van den Brandt|Rudi Vervoort|la Ville de Bruxelles|Philippe Close",
            "Ixelles|Schaerbeek|la place Flagey|la gare du Midi|Uccle",
            "le plan Good Move|le métro 3|la zone de basses émissions|le piétonnier",
            ("Bruxelles : {s} fâche les riverains", *_GENERIC_HEADLINES),
        ),
    ),
    Cluster(
        "foot",
        ("sports", "football", "diables-rouges"),
        "Diables Rouges",
        (("diables-rouges", "Diables Rouges"), ("domenico-tedesco", "Domenico Tedesco")),
        False,
        1.0,
        (date(2023, 1, 5), date(2024, 1, 31)),
        _topic(
            "Domenico Tedesco|Kevin De Bruyne|Romelu Lukaku|Jérémy Doku|l'Union belge",
            "Tubize|le stade Roi Baudouin|Vienne|Solna|Tallinn",
            "la qualification pour l'Euro 2024|le brassard de capitaine|la nouvelle génération"
            "|le choix du gardien",
            ("Diables Rouges : {s} en question", *_GENERIC_HEADLINES),
        ),
    ),
    Cluster(
        "culture",
        ("culture", "cinema"),
        "Cinéma",
        (("cinema", "Cinéma"), ("festival", "Festival")),
        False,
        0.8,
        (date(2023, 1, 5), date(2024, 1, 31)),
        _topic(
            "Lukas Dhont|Virginie Efira|les frères Dardenne|Benoît Poelvoorde|le Fiff",
            "Namur|Cannes|Bruxelles|Flagey|Gand",
            "le cinéma belge|les Magritte|la fréquentation des salles|le tax shelter",
            ("Cinéma : {s} à l'honneur à {p}", *_GENERIC_HEADLINES),
        ),
    ),
)
_CLUSTER = {c.key: c for c in CLUSTERS}
AUTHORS = (
    "Caroline Vandenaabeele",
    "Maria Udrescu",
    "Gilles Toussaint",
    "Christophe Lamfalussy",
    "Sébastien Georis",
    "Olivier le Bussy",
    "Pierre-François Lovens",
    "Frédéric Chardon",
    "Vincent Braun",
    "Antoine Clevers",
    "Ariane van Caloen",
    "Dorian de Meeûs",
    "Francis Van de Woestyne",
    "Valentin Dauchot",
    "Alice Dive",
)

MENU: Menu = (
    (
        "Belgique",
        "/belgique/",
        (
            ("Politique belge", "/belgique/politique-belge/"),
            ("Société", "/belgique/societe/"),
            ("Enseignement", "/belgique/enseignement/"),
            ("Justice", "/belgique/justice/"),
            ("Santé", "/belgique/sante/"),
            ("Mobilité", "/belgique/mobilite/"),
            ("Faits divers", "/belgique/faits-divers/"),
        ),
    ),
    (
        "Régions",
        "/regions/",
        (
            ("Bruxelles", "/regions/bruxelles/"),
            ("Brabant wallon", "/regions/brabant-wallon/"),
            ("Liège", "/regions/liege/"),
            ("Namur", "/regions/namur/"),
            ("Hainaut", "/regions/hainaut/"),
            ("Luxembourg", "/regions/luxembourg/"),
            ("Flandre", "/regions/flandre/"),
        ),
    ),
    (
        "International",
        "/international/",
        (
            ("Europe", "/international/europe/"),
            ("Guerre Ukraine-Russie", "/international/europe/guerre-ukraine-russie/"),
            ("Asie", "/international/asie/"),
            ("Amérique", "/international/amerique/"),
            ("Afrique", "/international/afrique/"),
            ("Moyen-Orient", "/international/moyen-orient/"),
        ),
    ),
    (
        "Économie",
        "/economie/",
        (
            ("Conjoncture", "/economie/conjoncture/"),
            ("Énergie", "/economie/energie/"),
            ("Entreprises & start-up", "/economie/entreprises-startup/"),
            ("Finances perso", "/economie/finances-perso/"),
            ("Immo", "/economie/immo/"),
            ("Emploi", "/economie/emploi/"),
        ),
    ),
    (
        "Débats",
        "/debats/",
        (
            ("Opinions", "/debats/opinions/"),
            ("Édito", "/debats/edito/"),
            ("Chroniques", "/debats/chroniques/"),
        ),
    ),
    (
        "Sports",
        "/sports/",
        (
            ("Football", "/sports/football/"),
            ("Diables Rouges", "/sports/football/diables-rouges/"),
            ("Cyclisme", "/sports/cyclisme/"),
            ("Tennis", "/sports/tennis/"),
            ("Basket", "/sports/basket/"),
            ("Autres sports", "/sports/autres-sports/"),
        ),
    ),
    (
        "Culture",
        "/culture/",
        (
            ("Cinéma", "/culture/cinema/"),
            ("Musique", "/culture/musique/"),
            ("Livres", "/culture/livres/"),
            ("Scènes", "/culture/scenes/"),
            ("Arts", "/culture/arts/"),
        ),
    ),
    (
        "Lifestyle",
        "/lifestyle/",
        (
            ("Food", "/lifestyle/food/"),
            ("Voyages", "/lifestyle/voyages/"),
            ("Mode", "/lifestyle/mode/"),
            ("Bien-être", "/lifestyle/bien-etre/"),
            ("Famille", "/lifestyle/famille/"),
        ),
    ),
    (
        "Planète",
        "/planete/",
        (
            ("Environnement", "/planete/environnement/"),
            ("Climat", "/planete/climat/"),
            ("Animaux", "/planete/animaux/"),
        ),
    ),
    (
        "Sciences & Tech",
        "/sciences-tech/",
        (
            ("Sciences", "/sciences-tech/sciences/"),
            ("Tech", "/sciences-tech/tech/"),
            ("Espace", "/sciences-tech/espace/"),
        ),
    ),
)
FOOTER_LINKS = (
    ("Belgique", "/belgique/"),
    ("International", "/international/"),
    ("Économie", "/economie/"),
    ("Débats", "/debats/"),
    ("Sports", "/sports/"),
    ("Culture", "/culture/"),
    ("Lifestyle", "/lifestyle/"),
    ("Planète", "/planete/"),
    ("Qui sommes-nous ?", "/services/qui-sommes-nous/"),
    ("Charte déontologique", "/services/charte/"),
    ("Nous contacter", "/services/contact/"),
    ("Publicité", "/services/publicite/"),
    ("Offres d'emploi", "/services/jobs/"),
    ("FAQ abonnés", "/services/faq/"),
    ("Gérer mon abonnement", "/mon-compte/abonnement/"),
    ("Newsletters", "/newsletters/"),
    ("Plan du site", "/services/plan-du-site/"),
    ("Flux RSS", "/services/rss/"),
    ("Archives", "/archives/"),
    ("Podcasts", "/podcasts/"),
    ("Vidéos", "/videos/"),
    ("Jeux", "/services/jeux/"),
    ("Météo", "/services/meteo/"),
    ("Nécrologie", "/services/necrologie/"),
)
PARTNERS = (
    ("DH Les Sports+", "https://www.dhnet.be/"),
    ("L'Avenir", "https://www.lavenir.net/"),
    ("Paris Match Belgique", "https://parismatch.be/"),
    ("Moustique", "https://www.moustique.be/"),
    ("IPM Advertising", "https://www.ipmadvertising.be/"),
)


# ---------------------------------------------------------------------------------------------
# The plan: articles, their levels around the seed and their edges
# ---------------------------------------------------------------------------------------------
@dataclass
class Article:
    """One generated article page and everything rendered from it."""

    idx: int
    cluster: Cluster
    arc: str
    headline: str
    author: str
    published: datetime | date = datetime(2023, 1, 1, tzinfo=TZ)
    modified: datetime | None = None
    form: str = "full"
    path: str = ""
    level: int | None = None
    free: bool = True
    template: str = "arc"
    box_style: str = "section"
    box: list[tuple[str, Article | None, str]] = field(default_factory=list)
    """Related box entries: (href as written, target article if any, link text)."""
    body: list[tuple[str, Article | None, str, str]] = field(default_factory=list)
    """Body edges: (href, target, text, style "inline" | "read-also")."""
    embedded_only: list[tuple[str, Article | None, str]] = field(default_factory=list)
    extra_body: list[str] = field(default_factory=list)
    """Body links that are not edges (tags, sections, other sites, documents), as HTML."""
    paragraphs: list[str] = field(default_factory=list)

    @property
    def canonical(self) -> str:
        """The article's canonical URL."""
        return CANONICAL_ROOT + self.path


# Date forms: what the page carries (names go to truth["articles"][...]["date_forms"]).
FORMS: dict[str, tuple[str, ...]] = {
    "full": ("json-ld-utc", "meta-utc", "visible", "fusion"),
    "meta-only": ("meta-offset",),
    "visible-only": ("visible",),
    "json-ld-only": ("json-ld-utc",),
    "meta-visible": ("meta-offset", "visible"),
    # Sudinfo's trap: the local time labelled UTC in meta, the visible text (and JSON-LD) right.
    "local-as-utc": ("meta-local-labelled-utc", "visible", "json-ld-utc"),
    "local-as-utc-visible": ("meta-local-labelled-utc", "visible"),
    "legacy-day": ("visible-day-only", "iso-8859-1"),
}
_MACHINE = ("json-ld-utc", "meta-utc", "meta-offset", "fusion")


def _loc(stamp: str) -> datetime:
    """Brussels wall-clock time "2023-09-12 16:41[:SS]" (never in a DST gap or repeat)."""
    return datetime.fromisoformat(stamp).replace(tzinfo=TZ)


def _utc(stamp: str) -> datetime:
    """A UTC instant "2023-10-29 00:30:05", as Brussels time."""
    return datetime.fromisoformat(stamp).replace(tzinfo=UTC).astimezone(TZ)


# Date traps, given to articles within two hops of the seed (so the default crawl meets them).
SPECIAL_DATES: tuple[tuple[str, datetime, datetime | None], ...] = (
    # Both sides of the spring change (2023-03-26 02:00 CET -> 03:00 CEST).
    ("full", _loc("2023-03-26 01:30:12"), _loc("2023-03-26 03:30:45")),
    ("visible-only", _loc("2023-03-25 22:10"), _loc("2023-03-27 09:00")),
    # Autumn change (2023-10-29 03:00 CEST -> 02:00 CET): 01:45 CEST is still Oct 28 in UTC.
    ("visible-only", _loc("2023-10-29 01:45"), None),
    ("visible-only", _loc("2023-10-29 03:15"), _loc("2023-10-30 08:20")),
    # The repeated 02:xx hour, only in unambiguous UTC form (02:30+02:00 then 02:40+01:00).
    ("json-ld-only", _utc("2023-10-29 00:30:05"), _utc("2023-10-29 01:40:09")),
    ("meta-only", _loc("2023-10-28 23:50:31"), _loc("2023-10-29 10:05:02")),
    # Around midnight: local 14 September, UTC 13 September.
    ("visible-only", _loc("2023-09-14 00:20"), _loc("2023-09-14 09:35")),
    # New year: 2023-12-31 23:30 local is 22:30Z; the update lands in 2024 locally only.
    ("full", _loc("2023-12-31 23:30:00"), _loc("2024-01-01 00:15:00")),
    ("visible-only", _loc("2024-01-01 00:40"), _loc("2024-01-02 08:05")),
    # Winter offset (+01:00).
    ("meta-only", _loc("2024-01-15 10:05:44"), None),
    ("local-as-utc", _loc("2023-09-14 07:47"), None),
    ("local-as-utc-visible", _loc("2023-09-15 18:05"), None),
    ("meta-visible", _loc("2023-09-16 11:00:18"), _loc("2023-09-20 17:45:03")),
    ("full", _loc("2023-09-13 10:12:37"), _loc("2023-09-15 08:03:11")),
)
SEED_PUBLISHED = _loc("2023-09-12 16:41")
SEED_MODIFIED = _loc("2023-09-13 16:50")


def _random_form(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.55:
        return "full"
    if roll < 0.70:
        return "meta-only"
    if roll < 0.83:
        return "visible-only"
    if roll < 0.93:
        return "json-ld-only"
    return "meta-visible"


def _avoid_dst_gap(value: datetime) -> datetime:
    """Shift a local time out of the 02:xx hours of DST change days (missing or repeated)."""
    if value.hour == 2 and (value.month, value.day) in ((3, 26), (10, 29)) and value.year == 2023:
        return (value.astimezone(UTC) + timedelta(hours=2)).astimezone(TZ)
    return value


def _random_dates(
    rng: random.Random, cluster: Cluster, form: str
) -> tuple[datetime, datetime | None]:
    start, end = cluster.window
    day = start + timedelta(days=rng.randrange((end - start).days + 1))
    has_seconds = any(f in _MACHINE for f in FORMS[form])
    published = datetime(
        day.year,
        day.month,
        day.day,
        rng.randint(6, 22),
        rng.randrange(60),
        rng.randrange(60) if has_seconds else 0,
        tzinfo=TZ,
    )
    modified = None
    if rng.random() < 0.5:
        delta = timedelta(minutes=rng.randint(7, 4 * 24 * 60), seconds=rng.randrange(60))
        if not has_seconds:
            delta -= timedelta(seconds=delta.seconds % 60)
        modified = _avoid_dst_gap((published.astimezone(UTC) + delta).astimezone(TZ))
    return published, modified


def _article_path(art: Article, section: tuple[str, ...] | None = None) -> str:
    day = art.published
    parts = "/".join(section or art.cluster.section)
    return (
        f"/{parts}/{day.year:04d}/{day.month:02d}/{day.day:02d}/"
        f"{slugify(art.headline, 110)}-{art.arc}/"
    )


@dataclass
class Plan:
    """Everything the renderer needs: articles, special pages and URLs."""

    articles: list[Article]
    seed: Article
    levels: list[list[Article]]
    unreachable: list[Article]
    live: Article
    dossier: Article
    robots_page: Article
    legacy: Article
    redirects: dict[str, str]
    gone: list[tuple[str, bool]]
    pdf_path: str


def _plan(rng: random.Random, count: int) -> Plan:
    prose = Prose(rng)
    arts: list[Article] = []

    def new(cluster: Cluster, headline: str | None = None) -> Article:
        art = Article(
            idx=len(arts),
            cluster=cluster,
            arc=arc_id(rng),
            headline=headline or prose.headline(cluster.topic),
            author=rng.choice(AUTHORS),
        )
        arts.append(art)
        return art

    seed = new(_CLUSTER["ukraine"], SEED_HEADLINE)
    seed.arc, seed.author, seed.form = SEED_ID, SEED_AUTHOR, "full"
    seed.published, seed.modified, seed.box_style = SEED_PUBLISHED, SEED_MODIFIED, "section"
    legacy = new(
        _CLUSTER["coree"],
        "Kim Jong-il en Sibérie : Moscou et Pyongyang renouent leurs liens économiques",
    )
    robots_page = new(_CLUSTER["sanctions"])
    weights = [c.weight for c in CLUSTERS]
    for _ in range(count - len(arts)):
        new(rng.choices(CLUSTERS, weights)[0])
    # Non-article pages at article-shaped URLs (og:type website): not counted as articles.
    live = Article(
        -1,
        _CLUSTER["ukraine"],
        arc_id(rng),
        "DIRECT | Guerre en Ukraine : suivez les dernières informations",
        "La Libre",
    )
    dossier = Article(
        -2, _CLUSTER["coree"], arc_id(rng), "Dossier : la Corée du Nord de Kim Jong Un", "La Libre"
    )

    for art in arts[3:]:
        art.form = _random_form(rng)
        art.published, art.modified = _random_dates(rng, art.cluster, art.form)
        art.free = rng.random() > 0.2
        art.box_style = rng.choice(("section", "section", "aside", "class-only", "dossier"))

    # --- levels: the BFS tree the related links are built on -----------------------------
    pools: dict[str, list[Article]] = {c.key: [] for c in CLUSTERS if c.related}
    unreachable: list[Article] = []
    for art in arts[3:]:
        (pools[art.cluster.key] if art.cluster.related else unreachable).append(art)
    for pool in pools.values():
        rng.shuffle(pool)

    def take(preferred: str) -> Article | None:
        pool = pools.get(preferred)
        if not pool:
            key = max(pools, key=lambda k: len(pools[k]))
            pool = pools[key]
        return pool.pop() if pool else None

    level1: list[Article] = []
    for key in ("ukraine",) * 5 + ("coree",) * 3 + ("sanctions", "otan", "energie", "chine"):
        got = take(key)
        if got is not None:
            level1.append(got)
    levels: list[list[Article]] = [[seed], level1]
    children: dict[int, list[Article]] = {seed.idx: list(level1)}
    factor = 1.5 if count <= 400 else 3.0
    while any(pools.values()):
        parents = levels[-1]
        per = 4.0 if len(levels) == 2 else factor
        nxt: list[Article] = []
        for j, parent in enumerate(parents):
            kids = []
            for _ in range(math.floor((j + 1) * per) - math.floor(j * per)):
                got = take(parent.cluster.key)
                if got is not None:
                    kids.append(got)
            children[parent.idx] = kids
            nxt.extend(kids)
        if not nxt:
            break
        levels.append(nxt)
    for depth, level in enumerate(levels):
        for art in level:
            art.level = depth
    unreachable.extend(a for pool in pools.values() for a in pool)

    # --- fixed facts of the seed's neighbourhood --------------------------------------------
    for art, headline in zip(level1, SEED_LINKED_HEADLINES, strict=False):
        art.headline = headline
    fixed = (
        ("full", _loc("2023-09-12 09:05:26"), _loc("2023-09-12 15:02:51")),
        ("meta-visible", _loc("2023-09-12 11:30:04"), None),
        ("visible-only", _loc("2023-09-11 21:14"), _loc("2023-09-12 07:02")),
    )
    near = level1[3:] + (levels[2] if len(levels) > 2 else [])
    for art, (form, pub, mod) in list(zip(level1, fixed, strict=False)) + list(
        zip(near, SPECIAL_DATES, strict=False)
    ):
        art.form, art.published, art.modified = form, pub, mod
    legacy.form, legacy.published, legacy.modified = "legacy-day", date(2011, 8, 22), None
    legacy.template, legacy.box_style = "legacy", "legacy"
    robots_page.form = "full"
    robots_page.published, robots_page.modified = _loc("2023-09-15 06:00:09"), None
    live.published, dossier.published = _loc("2023-09-13 06:00"), _loc("2023-09-15 08:00")

    # --- paths --------------------------------------------------------------------------------
    for art in arts:
        art.path = _article_path(art)
    seed.path = SEED_PATH
    legacy.path = f"/actu/international/article/{657412}/{slugify(legacy.headline)}.html"
    robots_page.path = _article_path(robots_page, ("debats", "archives-abonnes"))
    live.path = _article_path(live)
    dossier.path = _article_path(dossier)

    # --- edges ----------------------------------------------------------------------------------
    def add_edge(src: Article, dst: Article, *, href: str | None = None, kind: str = "") -> None:
        href = href or dst.path
        roll = rng.random()
        kind = kind or (
            "box"
            if roll < 0.55
            else "inline"
            if roll < 0.75
            else "read-also"
            if roll < 0.85
            else "embedded"
        )
        if kind == "box":
            if rng.random() < 0.12:
                href += "?utm_source=lalibre&utm_medium=related&utm_campaign=article"
            src.box.append((href, dst, dst.headline))
        elif kind == "embedded":
            src.embedded_only.append((href, dst, dst.headline))
        else:
            if kind == "inline" and rng.random() < 0.15:
                href += "#article-body"
            src.body.append((href, dst, dst.headline, kind))

    for depth, level in enumerate(levels[1:], start=1):
        for art in level:
            for kid in children.get(art.idx, []):
                add_edge(art, kid)
            parent_level = levels[depth - 1]
            if rng.random() < 0.5:
                add_edge(art, rng.choice(parent_level))
            same = [a for a in levels[depth][:8] if a is not art]
            if same and rng.random() < 0.5:
                add_edge(art, rng.choice(same))
            while len(art.box) < 2:
                add_edge(art, rng.choice(parent_level), kind="box")
    by_cluster: dict[str, list[Article]] = {}
    for art in unreachable:
        by_cluster.setdefault(art.cluster.key, []).append(art)
    for art in unreachable:
        mates = [a for a in by_cluster[art.cluster.key] if a is not art] or unreachable
        for dst in rng.sample(mates, min(len(mates), rng.randint(3, 5))):
            add_edge(art, dst)
        while len(art.box) < 2:
            add_edge(art, rng.choice(mates), kind="box")

    # --- the seed's own links, and the traps near it ------------------------------------------
    redirects: dict[str, str] = {}
    gone: list[tuple[str, bool]] = []
    l1 = level1 + [level1[-1]] * (12 - len(level1))
    seed.body = [
        (l1[0].path, l1[0], SEED_LINK_TEXTS[0], "inline"),
        (l1[1].path, l1[1], SEED_LINK_TEXTS[1], "inline"),
        (l1[2].path, l1[2], l1[2].headline, "read-also"),
        (live.path, live, "notre direct", "inline"),
    ]
    old_r1 = f"/actu/international/article/{656130}/{slugify(l1[3].headline, 80)}.html"
    redirects[old_r1] = l1[3].path
    gone1 = _article_path(
        Article(-3, _CLUSTER["coree"], arc_id(rng), "Kim Jong Un annonce un voyage", "x")
    )
    gone1 = gone1.replace("/2023/01/01/", "/2023/09/10/")
    gone.append((gone1, True))
    seed.box = [
        (old_r1, l1[3], l1[3].headline),
        (
            l1[4].path + "?utm_source=newsletter&utm_medium=email&utm_campaign=international",
            l1[4],
            l1[4].headline,
        ),
        (l1[5].path, l1[5], l1[5].headline),
        (gone1, None, "Kim Jong Un annonce un voyage en Russie, une première depuis 2019"),
        (l1[6].path, l1[6], l1[6].headline),
        (l1[7].path, l1[7], l1[7].headline),
        (l1[8].path, l1[8], l1[8].headline),
        (l1[11].path, l1[11], l1[11].headline),
    ]
    seed.embedded_only = [(a.path, a, a.headline) for a in (l1[9], l1[10])]
    seed.extra_body = []
    # Level-1 traps.
    l1[0].box.append((robots_page.path, robots_page, robots_page.headline))
    gone2 = _article_path(
        Article(-4, _CLUSTER["ukraine"], arc_id(rng), "Article retiré du site", "x")
    ).replace("/2023/01/01/", "/2023/09/11/")
    gone.append((gone2, False))
    l1[0].box.append((gone2, None, "Moscou confirme la visite du dirigeant nord-coréen"))
    l1[1].box.append((legacy.path, legacy, legacy.headline))
    l1[2].box.append((l1[3].path, l1[3], l1[3].headline))  # the target of old_r1, directly
    l1[2].body.append((dossier.path, dossier, dossier.headline, "inline"))
    kids1 = children.get(l1[1].idx, [])
    if kids1:
        hexid = "".join(rng.choice("0123456789abcdef") for _ in range(24))
        old_r2 = f"/actu/belgique/{slugify(kids1[0].headline, 60)}-{hexid}"
        redirects[old_r2] = kids1[0].path
        l1[1].body.append((old_r2, kids1[0], kids1[0].headline, "inline"))
    kids2 = children.get(l1[2].idx, [])
    if kids2:
        amp = kids2[0].path + "?outputType=amp"
        l1[2].box.append((amp, kids2[0], kids2[0].headline))
    pdf_path = "/documents/2023/09/rapport-sanctions-russie.pdf"
    l1[4].extra_body.append(
        f'Le <a href="{pdf_path}">rapport complet (PDF)</a> est disponible en ligne.'
    )
    # Deeper traps: a slash-less URL (301 to the slash form) and the legacy page's old links.
    if len(levels) > 3:
        first2 = levels[2][0]
        grand = children.get(first2.idx, [])
        if grand:
            slashless = grand[0].path.rstrip("/")
            redirects[slashless] = grand[0].path
            first2.body.append((slashless, grand[0], grand[0].headline, "inline"))
        for n, target in enumerate(levels[3][:2]):
            old = f"/actu/international/article/{657500 + n}/{slugify(target.headline, 60)}.html"
            redirects[old] = target.path
            legacy.box.append((old, target, target.headline))
    gone3 = f"/actu/international/article/{657399}/kim-jong-il-a-moscou.html"
    gone.append((gone3, False))
    legacy.box.append((gone3, None, "Kim Jong-il attendu à Moscou"))
    # Pages a crawler must not follow into link to articles nothing else leads to.
    for page in (live, dossier, robots_page):
        for dst in rng.sample(unreachable, min(5, len(unreachable))):
            page.box.append((dst.path, dst, dst.headline))
        for dst in rng.sample(unreachable, min(2, len(unreachable))):
            page.body.append((dst.path, dst, dst.headline, "inline"))
    return Plan(
        arts,
        seed,
        levels,
        unreachable,
        live,
        dossier,
        robots_page,
        legacy,
        redirects,
        gone,
        pdf_path,
    )


# ---------------------------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------------------------
def _visible_date(value: datetime) -> str:
    """ "12-09-2023 à 16h41" (La Libre's visible format, local time)."""
    local = value.astimezone(TZ)
    return local.strftime("%d-%m-%Y à %Hh%M")


def _ms(value: datetime, salt: int) -> str:
    """Arc's millisecond UTC stamps ("2023-09-12T14:41:00.512Z")."""
    utc = value.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S") + f".{(salt * 37) % 1000:03d}Z"


def _meta_date(value: datetime, style: str) -> str:
    if style == "meta-utc":
        return iso_utc(value) or ""
    if style == "meta-offset":
        return value.astimezone(TZ).isoformat()
    # Sudinfo: the local wall-clock time with a "Z" stuck on it.
    return value.astimezone(TZ).strftime("%Y-%m-%dT%H:%M:%SZ")


class Renderer:
    """Turns the plan into pages on a SiteBuilder."""

    def __init__(self, plan: Plan, rng: random.Random, chrome: Chrome) -> None:
        """Keep the plan, a dedicated generator for text, and the shared chrome."""
        self.plan = plan
        self.rng = rng
        self.prose = Prose(rng)
        self.chrome = chrome
        self._bodies: dict[int, tuple[str, list[str]]] = {}
        un = plan.unreachable
        self.most_read = [self._widget_list("most-read", "Les plus lus", un, k) for k in range(4)]
        latest = sorted(un, key=_sort_key, reverse=True)[:8]
        self.latest = self._teaser_section("latest-news", "Dernières infos", latest)
        self.reco = [
            self._teaser_section(
                "recommendations",
                "Vous aimerez aussi",
                [un[(k * 7 + i * 3) % len(un)] for i in range(4)],
                extra=' data-provider="outbrain"',
            )
            for k in range(4)
        ]

    def _widget_list(self, cls: str, title: str, pool: list[Article], k: int) -> str:
        items = "".join(
            f'<li class="{cls}__item"><span class="{cls}__rank">{n + 1}</span>'
            f'<a class="{cls}__link" href="{esc(pool[(k * 5 + n * 2) % len(pool)].path)}">'
            f"{esc(pool[(k * 5 + n * 2) % len(pool)].headline)}</a></li>"
            for n in range(5)
        )
        return (
            f'<section class="{cls} widget"><h2 class="widget__title">{title}</h2>'
            f"<ol>{items}</ol></section>"
        )

    def _teaser_section(self, cls: str, title: str, items: list[Article], extra: str = "") -> str:
        lis = "".join(
            f'<li class="teaser"><a class="teaser__link" href="{esc(a.path)}">'
            f'<span class="teaser__kicker">{esc(a.cluster.section_label)}</span>'
            f"{esc(a.headline)}</a></li>"
            for a in items
        )
        return (
            f'<section class="{cls} widget"{extra}><h2 class="widget__title">{title}</h2>'
            f"<ul>{lis}</ul></section>"
        )

    # -- pieces ----------------------------------------------------------------------------------
    def related_box(self, art: Article) -> str:
        """The related box in one of the markups the site uses."""
        entries = list(art.box)
        style = art.box_style
        if not entries:
            return ""
        if style == "dossier":
            # "Dans le même dossier" lists the current article too (a self-link).
            entries.insert(min(1, len(entries)), (art.path, art, art.headline))
        if style == "legacy":
            lis = "".join(f'<li><a href="{esc(h)}">{esc(t)}</a></li>' for h, _, t in entries)
            return f'<h2 id="readMore">Sur le même sujet:</h2><ul class="articleLinks">{lis}</ul>'
        if style == "class-only":
            cards = "".join(
                f'<article class="b-related-articles__item"><a href="{esc(h)}">'
                f'<img src="/resizer/v2/{d.arc if d else "X"}.jpg?width=320" alt="">'
                f'<span class="b-related-articles__title">{esc(t)}</span></a></article>'
                for h, d, t in entries
            )
            return f'<div class="b-related-articles">{cards}</div>'
        lis = "".join(
            f'<li class="related__item"><a class="related__link" href="{esc(h)}">{esc(t)}</a></li>'
            for h, _, t in entries
        )
        if style == "aside":
            return f'<aside class="article-related"><h3>À lire aussi</h3><ul>{lis}</ul></aside>'
        if style == "dossier":
            return (
                '<section class="c-dossier"><h2 class="c-dossier__title">Dans le même dossier'
                f"</h2><ol>{lis}</ol></section>"
            )
        return (
            '<section class="related"><h2 class="related__title">Sur le même sujet</h2>'
            f'<ul class="related__list">{lis}</ul></section>'
        )

    def body_html(self, art: Article) -> tuple[str, list[str]]:
        """Body HTML and the plain paragraphs (for the Fusion content_elements)."""
        rng = self.rng
        topic = art.cluster.topic
        count = rng.randint(7, 14)
        paras = [self.prose.paragraph(topic) for _ in range(count)]
        blocks: list[str] = [f'<p class="paragraph">{esc(p)}</p>' for p in paras]
        for href, _, text, style in art.body:
            pos = rng.randrange(1, len(blocks) + 1)
            if style == "read-also":
                label = rng.choice(("À lire aussi :", "Lire aussi :", "À lire aussi :"))
                blocks.insert(
                    pos,
                    f'<p class="paragraph read-also"><strong>{label}</strong> '
                    f'<a href="{esc(href)}">{esc(text)}</a></p>',
                )
            else:
                lead = rng.choice(
                    ("Comme nous l'expliquions,", "Pour rappel,", "Lire à ce sujet :", "Voir :")
                )
                blocks.insert(
                    pos,
                    f'<p class="paragraph">{lead} <a href="{esc(href)}">{esc(text)}</a>. '
                    f"{esc(self.prose.sentence(topic))}</p>",
                )
        tag_slug, tag_label = rng.choice(art.cluster.tags)
        extra = [
            f'Retrouvez tous nos articles sur <a href="/tags/{tag_slug}/">{esc(tag_label)}</a>.',
            "Les chiffres sont issus du "
            '<a href="https://www.reuters.com/world/" rel="noopener">suivi de Reuters</a>.',
            *art.extra_body,
        ]
        if rng.random() < 0.3:
            slug = slugify(art.headline, 50)
            dh = f"https://www.dhnet.be/actu/monde/2023/09/12/{slug}-{art.arc[::-1]}/"
            extra.append(f'Nos confrères de la DH <a href="{dh}">racontent la scène</a>.')
        if rng.random() < 0.4:
            extra.append(
                f'Plus d\'infos dans la rubrique <a href="/{art.cluster.section[0]}/">'
                f"{esc(art.cluster.section_label)}</a>."
            )
        for text in extra:
            blocks.insert(rng.randrange(1, len(blocks) + 1), f'<p class="paragraph">{text}</p>')
        for _ in range(count // 5):
            blocks.insert(
                rng.randrange(2, len(blocks) + 1),
                f'<h2 class="intertitle">{esc(self.prose.intertitle())}</h2>',
            )
        return "".join(blocks), paras

    def seed_body(self, art: Article) -> tuple[str, list[str]]:
        """The seed's own text with its links in place."""
        b = art.body

        def a(i: int) -> str:
            return f'<a href="{esc(b[i][0])}">{esc(b[i][2])}</a>'

        subs = {
            "{L0}": a(0),
            "{L1}": a(1),
            "{LIVE}": a(3).replace(">notre direct<", ">notre direct<"),
            "{REUTERS}": '<a href="https://www.reuters.com/world/asia-pacific/" rel="noopener">'
            "Reuters</a>",
            "{CNN}": '<a href="https://edition.cnn.com/asia" rel="noopener">CNN</a>',
        }
        blocks: list[str] = []
        paras: list[str] = []
        for kind, text in SEED_BODY:
            if kind == "h2":
                blocks.append(f'<h2 class="intertitle">{esc(text)}</h2>')
                continue
            if kind == "read-also":
                blocks.append(
                    '<p class="paragraph read-also"><strong>À lire aussi :</strong> '
                    f'<a href="{esc(b[2][0])}">{esc(b[2][2])}</a></p>'
                )
                continue
            html_text = text
            for key, value in subs.items():
                html_text = html_text.replace(key, value)
            blocks.append(f'<p class="paragraph">{html_text}</p>')
            paras.append(html_text)
        blocks.append(
            '<p class="paragraph">Retrouvez tous nos articles sur '
            '<a href="/tags/coree-du-nord/">la Corée du Nord</a>.</p>'
        )
        return "".join(blocks), paras

    def json_ld(self, art: Article, dated: bool) -> str:
        """NewsArticle JSON-LD (dates only when the page's form carries them)."""
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": art.headline,
            "url": art.canonical,
            "mainEntityOfPage": {"@type": "WebPage", "@id": art.canonical},
            "author": [{"@type": "Person", "name": art.author}],
            "publisher": {
                "@type": "Organization",
                "name": "La Libre",
                "logo": {"@type": "ImageObject", "url": "https://www.lalibre.be/pf/logo.png"},
            },
            "image": [f"https://www.lalibre.be/resizer/v2/{art.arc}.jpg?width=1200"],
            "articleSection": art.cluster.section_label,
            "keywords": [label for _, label in art.cluster.tags],
            "isAccessibleForFree": art.free,
            "inLanguage": "fr",
        }
        if dated and isinstance(art.published, datetime):
            data["datePublished"] = iso_utc(art.published)
            if art.modified is not None:
                data["dateModified"] = iso_utc(art.modified)
        crumbs = {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": i + 1,
                    "name": part.replace("-", " ").capitalize(),
                    "item": CANONICAL_ROOT + "/" + "/".join(art.cluster.section[: i + 1]) + "/",
                }
                for i, part in enumerate(art.cluster.section)
            ],
        }
        return (
            f'<script type="application/ld+json">{script_json(data)}</script>'
            f'<script type="application/ld+json">{script_json(crumbs)}</script>'
        )

    def fusion(self, art: Article, paras: list[str], dated: bool) -> str:
        """The `Fusion.globalContent` blob: the article as Arc's content API returns it."""
        related = [(h, d, t) for h, d, t in art.box] + list(art.embedded_only)
        data: dict[str, Any] = {
            "_id": art.arc,
            "type": "story",
            "version": "0.10.9",
            "canonical_url": art.path,
            "canonical_website": "lalibre",
            "website_url": art.path,
            "language": "fr",
            "headlines": {"basic": art.headline, "web": art.headline},
            "description": {"basic": paras[0][:200] if paras else art.headline},
            "credits": {
                "by": [
                    {
                        "_id": slugify(art.author),
                        "type": "author",
                        "name": art.author,
                        "url": f"/auteurs/{slugify(art.author)}/",
                    }
                ]
            },
            "taxonomy": {
                "primary_section": {
                    "_id": "/" + "/".join(art.cluster.section),
                    "name": art.cluster.section_label,
                },
                "sections": [
                    {"_id": "/" + "/".join(art.cluster.section[: i + 1]), "type": "section"}
                    for i in range(len(art.cluster.section))
                ],
                "tags": [{"slug": s, "text": t} for s, t in art.cluster.tags],
            },
            "promo_items": {
                "basic": {
                    "type": "image",
                    "url": f"https://www.lalibre.be/resizer/v2/{art.arc}.jpg",
                    "width": 1600,
                    "height": 900,
                    "caption": art.headline,
                    "credits": {"affiliation": [{"name": "AFP"}]},
                }
            },
            "content_elements": [
                {"_id": f"{art.arc[:20]}{n:06d}", "type": "text", "content": p}
                for n, p in enumerate(paras)
            ],
            "related_content": {
                "basic": [
                    {
                        "_id": d.arc if d else "",
                        "type": "story",
                        "canonical_url": normalize_target(h, art.path, ("www.lalibre.be",)),
                        "headlines": {"basic": t},
                    }
                    for h, d, t in related
                ]
            },
            "content_restrictions": {"content_code": "free" if art.free else "premium"},
        }
        if dated and isinstance(art.published, datetime):
            data["first_publish_date"] = _ms(art.published, art.idx)
            data["display_date"] = _ms(art.published, art.idx)
            if art.modified is not None:
                # Only for updated articles: an equal stamp would read as "updated at publication".
                data["publish_date"] = _ms(art.modified, art.idx + 1)
                data["last_updated_date"] = _ms(art.modified, art.idx + 1)
        return (
            f"<script>Fusion.globalContent={script_json(data)};"
            'Fusion.globalContentConfig={"source":"content-api","query":{"website_url":'
            f'"{art.path}"}}}};</script>'
        )

    def dates_block(self, art: Article) -> str:
        """The visible "Publié le ... / Mis à jour le ..." lines (when the form has them)."""
        if "visible" not in FORMS[art.form] or not isinstance(art.published, datetime):
            return ""
        published = _visible_date(art.published)
        lines = f'<li class="article-date__published">Publié le {published}</li>'
        if art.modified is not None:
            updated = _visible_date(art.modified)
            lines += f'<li class="article-date__updated">Mis à jour le {updated}</li>'
        return f'<ul class="article-date">{lines}</ul>'

    def head_meta(self, art: Article, og_type: str) -> str:
        """<head> metadata: canonical, AMP, Open Graph and article:* dates per form."""
        forms = FORMS.get(art.form, ())
        desc = esc(self.prose.sentence(art.cluster.topic))
        out = [
            f"<title>{esc(art.headline)} - La Libre</title>",
            f'<meta name="description" content="{desc}">',
            f'<link rel="canonical" href="{esc(art.canonical)}">',
            f'<meta property="og:type" content="{og_type}">',
            f'<meta property="og:title" content="{esc(art.headline)}">',
            f'<meta property="og:description" content="{desc}">',
            f'<meta property="og:url" content="{esc(art.canonical)}">',
            '<meta property="og:site_name" content="La Libre.be">',
            '<meta property="og:locale" content="fr_BE">',
            f'<meta property="og:image" content="https://www.lalibre.be/resizer/v2/{art.arc}.jpg">',
            '<meta name="twitter:card" content="summary_large_image">',
            '<meta name="twitter:site" content="@lalibrebe">',
        ]
        if og_type == "article":
            out.insert(3, f'<link rel="amphtml" href="{esc(art.path)}?outputType=amp">')
            out.append(f'<meta property="article:section" content="{art.cluster.section_label}">')
            out.extend(
                f'<meta property="article:tag" content="{esc(t)}">' for _, t in art.cluster.tags
            )
            out.append(f'<meta name="author" content="{esc(art.author)}">')
        style = next((f for f in forms if f.startswith("meta-")), None)
        if style and isinstance(art.published, datetime):
            out.append(
                f'<meta property="article:published_time" '
                f'content="{_meta_date(art.published, style)}">'
            )
            if art.modified is not None:
                out.append(
                    f'<meta property="article:modified_time" '
                    f'content="{_meta_date(art.modified, style)}">'
                )
        return "".join(out)

    def sidebar(self, art: Article) -> str:
        """ "Les plus lus", latest news and recommendations: never related coverage."""
        k = abs(art.idx) % 4
        return (
            f'<aside class="sidebar">{self.most_read[k]}{self.latest}'
            f'<div class="ad ad--side" id="ad-side-0"></div></aside>{self.reco[k]}'
        )

    def share(self, art: Article) -> str:
        """Share buttons (other sites, mailto:, javascript:)."""
        url = esc(art.canonical)
        subject = esc(art.headline[:60])
        targets = (
            ("facebook", f"https://www.facebook.com/sharer/sharer.php?u={url}", "Facebook"),
            ("twitter", f"https://twitter.com/intent/tweet?url={url}&amp;via=lalibrebe", "X"),
            ("linkedin", f"https://www.linkedin.com/sharing/share-offsite/?url={url}", "LinkedIn"),
            ("whatsapp", f"https://api.whatsapp.com/send?text={url}", "WhatsApp"),
            ("mail", f"mailto:?subject={subject}&amp;body={url}", "E-mail"),
            ("print", "javascript:window.print()", "Imprimer"),
        )
        buttons = "".join(
            f'<a class="share share--{k}" href="{href}">{label}</a>' for k, href, label in targets
        )
        return f'<div class="share-bar">{buttons}</div>'

    def breadcrumb(self, art: Article) -> str:
        """Home > section > subsection links."""
        crumbs = ['<a href="/">Accueil</a>']
        for i, part in enumerate(art.cluster.section):
            path = "/" + "/".join(art.cluster.section[: i + 1]) + "/"
            crumbs.append(f'<a href="{path}">{esc(part.replace("-", " ").capitalize())}</a>')
        return f'<nav class="breadcrumb" aria-label="Fil d\'Ariane">{" › ".join(crumbs)}</nav>'

    def body_of(self, art: Article) -> tuple[str, list[str]]:
        """The article's body, generated once (the AMP copy shows the same text)."""
        if art.idx not in self._bodies:
            made = self.seed_body(art) if art is self.plan.seed else self.body_html(art)
            self._bodies[art.idx] = made
        return self._bodies[art.idx]

    # -- whole pages -------------------------------------------------------------------------------
    def article_page(self, art: Article, *, og_type: str = "article") -> str:
        """A full Arc XP article page (60-100 KB)."""
        forms = FORMS.get(art.form, ())
        body, paras = self.body_of(art)
        lead = SEED_LEAD if art is self.plan.seed else self.prose.sentence(art.cluster.topic)
        if not art.free:
            # A client-side paywall: the teaser sits in the text, the rest stays in the HTML
            # (hidden by CSS), so body links remain what the page says.
            cut = body.find("</p>", len(body) // 3) + 4
            body = (
                body[:cut] + '<div class="paywall"><p>Cet article est réservé aux abonnés.</p>'
                '<a href="/abonnement/?utm_source=paywall">Abonnez-vous</a></div>'
                '<div class="article__body--locked">' + body[cut:] + "</div>"
            )
        tags = "".join(
            f'<li><a class="tag" href="/tags/{s}/">{esc(t)}</a></li>' for s, t in art.cluster.tags
        )
        ld = (
            self.json_ld(art, "json-ld-utc" in forms)
            if og_type == "article"
            else (
                '<script type="application/ld+json">'
                + script_json(
                    {"@context": "https://schema.org", "@type": "WebPage", "url": art.canonical}
                )
                + "</script>"
            )
        )
        return (
            '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            + self.head_meta(art, og_type)
            + ld
            + self.chrome.head_assets
            + "</head><body>"
            + self.chrome.header
            + '<main class="layout"><div class="layout__main">'
            + self.breadcrumb(art)
            + '<article class="article">'
            + f'<h1 class="article__title">{esc(art.headline)}</h1>'
            + f'<p class="article__lead">{esc(lead)}</p>'
            + '<div class="article__meta"><span class="article__author">'
            + f'<a href="/auteurs/{slugify(art.author)}/">{esc(art.author)}</a></span>'
            + self.dates_block(art)
            + "</div>"
            + self.share(art)
            + f'<figure class="article__media"><img src="/resizer/v2/{art.arc}.jpg?width=1200" '
            + f'alt="{esc(art.headline)}"><figcaption>© AFP</figcaption></figure>'
            + f'<div class="article__body">{body}</div>'
            + f'<ul class="article__tags">{tags}</ul>'
            + self.related_box(art)
            + "</article></div>"
            + self.sidebar(art)
            + "</main>"
            + self.chrome.footer
            + self.chrome.runtime
            + (self.fusion(art, paras, "fusion" in forms) if og_type == "article" else "")
            + "</body></html>"
        )

    def amp_page(self, art: Article) -> str:
        """The AMP copy (`?outputType=amp`): same text, lighter page, canonical to the original."""
        forms = FORMS.get(art.form, ())
        body, _ = self.body_of(art)
        del self._bodies[art.idx]  # rendered last: free the memory on 6000-article sites
        return (
            '<!doctype html><html amp lang="fr"><head><meta charset="utf-8">'
            f"<title>{esc(art.headline)} - La Libre</title>"
            f'<link rel="canonical" href="{esc(art.canonical)}">'
            '<meta name="viewport" content="width=device-width,minimum-scale=1">'
            '<script async src="https://cdn.ampproject.org/v0.js"></script>'
            "<style amp-boilerplate>body{visibility:hidden}</style>"
            f"<style amp-custom>{self.chrome.amp_css}</style>"
            + self.json_ld(art, "json-ld-utc" in forms)
            + '</head><body><header class="amp-header"><a href="/">La Libre</a></header>'
            f"<article><h1>{esc(art.headline)}</h1>"
            + self.dates_block(art)
            + f'<div class="article__body">{body}</div>'
            + self.related_box(art)
            + '</article><footer class="amp-footer"><a href="/services/contact/">Contact</a>'
            "</footer></body></html>"
        )

    def legacy_page(self, art: Article) -> str:
        """A 2011 IPM page kept at its old URL, served as ISO-8859-1 (day-only date)."""
        assert isinstance(art.published, date)
        paras = "".join(f"<p>{esc(self.prose.paragraph(art.cluster.topic))}</p>" for _ in range(8))
        day = art.published.strftime("%d/%m/%Y")
        return (
            '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
            '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">'
            '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="fr" lang="fr"><head>'
            '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1" />'
            f"<title>{esc(art.headline)} - La Libre.be</title>"
            f'<link rel="canonical" href="{esc(art.canonical)}" />'
            '<meta property="og:type" content="article" />'
            f'<meta property="og:title" content="{esc(art.headline)}" />'
            f'<meta property="og:url" content="{esc(art.canonical)}" />'
            '<meta property="og:site_name" content="La Libre.be" />'
            + self.chrome.head_assets
            + "</head><body>"
            + self.chrome.header
            + '<div id="content"><div id="articleText">'
            f'<h1 class="articleTitle">{esc(art.headline)}</h1>'
            f'<p class="articleDate">Mis en ligne le {day}</p>'
            '<p class="articleAuthor">Belga</p>'
            f'<div class="articleBody">{paras}</div>'
            + self.related_box(art)
            + "</div>"
            + self.sidebar(art)
            + "</div>"
            + self.chrome.footer
            + "</body></html>"
        )

    def listing_page(self, title: str, path: str, items: list[Article], kind: str) -> str:
        """Section front, tag or author page: teasers, never related coverage."""
        teasers = "".join(
            f'<article class="teaser teaser--{kind}"><a class="teaser__link" href="{esc(a.path)}">'
            f'<img src="/resizer/v2/{a.arc}.jpg?width=480" alt="" loading="lazy">'
            f'<h2 class="teaser__title">{esc(a.headline)}</h2></a>'
            f'<p class="teaser__section"><a href="/{"/".join(a.cluster.section)}/">'
            f"{esc(a.cluster.section_label)}</a></p></article>"
            for a in items
        )
        canonical = CANONICAL_ROOT + path
        return (
            '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
            f"<title>{esc(title)} - La Libre</title>"
            f'<link rel="canonical" href="{esc(canonical)}">'
            '<meta property="og:type" content="website">'
            f'<meta property="og:url" content="{esc(canonical)}">'
            + self.chrome.head_assets
            + "</head><body>"
            + self.chrome.header
            + f'<main class="layout layout--{kind}"><h1 class="page-title">{esc(title)}</h1>'
            f'<div class="teasers">{teasers}</div>'
            f'<a class="pagination__next" href="{esc(path)}?page=2">Page suivante</a>'
            + self.sidebar(items[0] if items else self.plan.seed)
            + "</main>"
            + self.chrome.footer
            + self.chrome.runtime
            + "</body></html>"
        )


def _sort_key(art: Article) -> str:
    pub = art.published
    return iso_utc(pub) or "" if isinstance(pub, datetime) else pub.isoformat()


def _facts(art: Article) -> ArticleFacts:
    modified = art.modified
    return ArticleFacts(art.headline, art.published, modified, list(FORMS[art.form]))


def _links(art: Article) -> list[Link]:
    links = [Link(h, "related-box", t) for h, _, t in art.box]
    if art.box_style == "dossier":
        links.append(Link(art.path, "related-box", art.headline))
    links += [Link(h, "body", t) for h, _, t, _ in art.body]
    embedded = [(h, t) for h, _, t in art.box] + [(h, t) for h, _, t in art.embedded_only]
    if art.template == "arc":
        links += [Link(h, "embedded", t) for h, t in embedded]
    return links


def generate(root: Path, *, articles: int = DEFAULT_ARTICLES, seed: int = 1) -> dict[str, Any]:
    """Write the offline La Libre site under `root` and return its ground truth."""
    if articles < MIN_ARTICLES:
        raise ValueError(f"at least {MIN_ARTICLES} articles are needed, got {articles}")
    rng = random.Random(seed)
    plan = _plan(rng, articles)
    chrome = build_chrome(
        site_name="La Libre",
        menu=MENU,
        footer_links=FOOTER_LINKS,
        partner_sites=PARTNERS,
        featured=tuple((a.headline, a.path) for a in plan.unreachable[:30]),
        trending=tuple((label, f"/tags/{slug}/") for c in CLUSTERS for slug, label in c.tags[:1]),
        seed=seed,
    )
    render = Renderer(plan, random.Random(seed * 7919 + 1), chrome)
    site = SiteBuilder(root, site=SITE, canonical_root=CANONICAL_ROOT)
    site.add_robots(
        [
            "User-agent: *",
            "Disallow: /pf/api/",
            "Disallow: /recherche/",
            f"Disallow: {ROBOTS_DISALLOWED}",
            "Disallow: /mon-compte/",
            "",
            "Sitemap: https://www.lalibre.be/arc/outboundfeeds/sitemap-index/?outputType=xml",
        ]
    )
    for art in plan.articles:
        last = art.modified or art.published
        last_mod = last if isinstance(last, datetime) else None
        if art.template == "legacy":
            site.add_page(
                art.path,
                render.legacy_page(art),
                canonical=art.canonical,
                article=_facts(art),
                links=_links(art),
                encoding="iso-8859-1",
            )
            continue
        site.add_page(
            art.path,
            render.article_page(art),
            canonical=art.canonical,
            article=_facts(art),
            links=_links(art),
            last_modified=last_mod,
        )
        site.add_file(
            art.path + "?outputType=amp",
            render.amp_page(art).encode(),
            "text/html; charset=utf-8",
            last_mod,
        )
    for page in (plan.live, plan.dossier):
        site.add_page(
            page.path,
            render.article_page(page, og_type="website"),
            canonical=page.canonical,
            article=None,
            links=_links(page),
        )
    for old, new in plan.redirects.items():
        site.add_redirect(old, new)
    for path, explicit in plan.gone:
        site.add_gone(path, explicit=explicit)
    site.add_file(plan.pdf_path, _pdf_bytes(), "application/pdf")
    # Section fronts, tag and author pages, home.
    dated = sorted(plan.articles, key=_sort_key, reverse=True)
    fronts = set(menu_paths(MENU))
    for c in CLUSTERS:
        for i in range(len(c.section)):
            fronts.add("/" + "/".join(c.section[: i + 1]) + "/")
    for path in sorted(fronts):
        items = [a for a in dated if a.path.startswith(path)][:30] or dated[:30]
        title = path.strip("/").split("/")[-1].replace("-", " ").capitalize()
        site.add_page(
            path,
            render.listing_page(title, path, items, "section"),
            canonical=CANONICAL_ROOT + path,
            article=None,
            links=[],
        )
    tags: dict[str, tuple[str, list[Article]]] = {}
    authors: dict[str, tuple[str, list[Article]]] = {}
    for art in dated:
        for s, t in art.cluster.tags:
            tags.setdefault(s, (t, []))[1].append(art)
        authors.setdefault(slugify(art.author), (art.author, []))[1].append(art)
    for prefix, table in (("/tags/", tags), ("/auteurs/", authors)):
        for slug, (label, arts) in table.items():
            path = f"{prefix}{slug}/"
            site.add_page(
                path,
                render.listing_page(label, path, arts[:30], prefix.strip("/")),
                canonical=CANONICAL_ROOT + path,
                article=None,
                links=[],
            )
    site.add_page(
        "/",
        render.listing_page("La Libre.be - Actualités", "/", dated[:40], "home"),
        canonical=CANONICAL_ROOT + "/",
        article=None,
        links=[],
    )
    truth = site.compute_truth(SEED_PATH)
    truth["seed_path_with_space"] = SEED_PATH_WITH_SPACE
    truth = {
        k: truth[k] for k in ("site", "canonical_root", "seed_path", "seed_path_with_space")
    } | {k: v for k, v in truth.items() if k not in ("site", "canonical_root", "seed_path")}
    site.finish(truth)
    return truth


def _pdf_bytes() -> bytes:
    """A small valid PDF (a linked document, never an article)."""
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )
