"""Seeded French news prose, slugs and ids for the offline generators (no external data)."""

from __future__ import annotations

import html
import random
import re
import unicodedata
from dataclasses import dataclass

BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def esc(text: str) -> str:
    """HTML-escape text and attribute values."""
    return html.escape(text, quote=True)


def slugify(text: str, limit: int = 140) -> str:
    """ "la-rencontre-entre-poutine-et-kim-jong-un" from a headline (accents folded, ASCII)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    # "d'inquiétude" becomes "dinquietude" on Arc sites: apostrophes vanish, not split words.
    folded = re.sub(r"['’]", "", folded)
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    return slug[:limit].rstrip("-")


def arc_id(rng: random.Random) -> str:
    """A 26-character Arc XP content id (A-Z2-7)."""
    return "".join(rng.choice(BASE32) for _ in range(26))


@dataclass(frozen=True)
class Topic:
    """Vocabulary of one topic cluster: who acts, where, about what, how headlines read."""

    actors: tuple[str, ...]
    places: tuple[str, ...]
    subjects: tuple[str, ...]
    headlines: tuple[str, ...]


# Generic sentence frames; {a} actor, {p} place, {s} subject, {t} time expression, {n} number.
SENTENCES = (
    "{a} a confirmé {t} que {s} restait au cœur des discussions à {p}.",
    "Selon plusieurs sources diplomatiques, {s} pourrait encore évoluer dans les prochains jours.",
    "À {p}, {a} a rappelé que {s} ne se réglerait pas en quelques semaines.",
    "Les observateurs notent que {s} pèse désormais sur l'ensemble de la région.",
    "{t}, {a} a multiplié les déclarations sur {s}, sans convaincre ses partenaires.",
    "Plus de {n} personnes seraient directement concernées, d'après les chiffres disponibles.",
    "Pour les experts interrogés par La Libre, {s} marque un tournant difficile à anticiper.",
    "Le dossier est suivi de près à {p}, où l'on redoute un effet domino.",
    "{a} n'a pas souhaité commenter ces informations, qui circulent depuis {t}.",
    "Il faut dire que {s} avait déjà suscité de vives tensions au printemps dernier.",
    "La question de {s} divise encore les capitales européennes.",
    "Une réunion est prévue à {p} afin de clarifier le calendrier.",
    "D'après un rapport publié {t}, près de {n} millions d'euros seraient en jeu.",
    "Sur le terrain, la situation reste confuse et les informations difficiles à vérifier.",
    "« Nous ne pouvons pas rester les bras croisés », a déclaré {a} devant la presse.",
    "Cette évolution n'a rien d'anodin : {s} engage l'avenir de toute une génération.",
    "Dans l'entourage de {a}, on assure que tout sera mis en œuvre pour éviter l'escalade.",
    "Les négociations se poursuivent à {p}, mais aucune avancée concrète n'a été annoncée.",
    "Le gouvernement fédéral suit la situation avec attention, a-t-on appris {t}.",
    "Reste à savoir si {s} résistera à l'épreuve des faits.",
)
TIMES = (
    "ce mardi",
    "lundi soir",
    "mercredi matin",
    "jeudi",
    "vendredi",
    "ce week-end",
    "la semaine dernière",
    "dimanche",
    "en début de semaine",
    "hier",
)
INTERTITLES = (
    "Un calendrier serré",
    "Des réactions en chaîne",
    "Ce qu'il faut retenir",
    "Une situation inédite",
    "Les enjeux pour la Belgique",
    "Un précédent inquiétant",
    "Des questions sans réponse",
    "La suite des événements",
    "Un équilibre fragile",
    "Entre prudence et fermeté",
)


class Prose:
    """Deterministic French paragraphs and headlines for one topic, from a seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        """Use `rng` for every choice (the caller owns the seed)."""
        self.rng = rng

    def sentence(self, topic: Topic) -> str:
        """One sentence on `topic`."""
        r = self.rng
        return r.choice(SENTENCES).format(
            a=r.choice(topic.actors),
            p=r.choice(topic.places),
            s=r.choice(topic.subjects),
            t=r.choice(TIMES),
            n=r.randint(2, 950),
        )

    def paragraph(self, topic: Topic, sentences: int | None = None) -> str:
        """A paragraph of 3 to 6 sentences (plain text)."""
        count = sentences or self.rng.randint(3, 6)
        return " ".join(self.sentence(topic) for _ in range(count))

    def headline(self, topic: Topic) -> str:
        """A headline on `topic`."""
        r = self.rng
        text = r.choice(topic.headlines).format(
            a=r.choice(topic.actors), p=r.choice(topic.places), s=r.choice(topic.subjects)
        )
        return text[0].upper() + text[1:]

    def intertitle(self) -> str:
        """A body sub-heading."""
        return self.rng.choice(INTERTITLES)
